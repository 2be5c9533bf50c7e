/*
 * The browser validator's worker, before emscripten's glue: where the C
 * code's messages go (its stderr lines are the command line's messages,
 * collected for the page) and when the module is ready.  See worker.js.
 * Module already exists here (emscripten's file packager has put the
 * embedded specs in its preRun), so it is added to, not replaced.
 */
var statreturnMessages = [];
Module.noInitialRun = true;
Module.print = function (line) { statreturnMessages.push(line); };
Module.printErr = function (line) { statreturnMessages.push(line); };
Module.onRuntimeInitialized = function () { statreturnReady(); };
Module.onAbort = function (what) { statreturnFailed('the validator stopped: ' + what); };
/* The validator fetches nothing: its wasm is inside this file.  Without
 * fetch, emscripten decodes it from there instead of asking fetch() for its
 * data: URL (which the page's policy, rightly, refuses). */
var fetch;
