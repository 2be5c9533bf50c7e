/*
 * The validator page: gathers the files and options, runs the validator in
 * a Web Worker (validator.js: the C validation library compiled to
 * WebAssembly, with the specs inside) so that the page stays responsive,
 * and shows what it says: the command line's messages, the HTML report in a
 * sandboxed frame, and buttons to save the HTML, CSV and JSON reports.
 *
 * The worker is made from a blob of the function validator.js defines,
 * because a page opened from file:// may not start a worker from a file.
 * Each run has a new worker, so nothing of one run is left in the next.
 *
 * #report has aria-busy="true" while a run is under way; when it ends,
 * aria-busy is "false" and data-runs counts the finished runs (screen
 * readers and the tests wait for that).
 */
(function () {
    'use strict';

    var $ = function (id) { return document.getElementById(id); };
    var report = $('report'), statusLine = $('status'), progress = $('progress');
    var messages = $('messages'), saves = $('saves'), view = $('view');
    var chosen = [];            /* the files to validate */
    var worker = null, workerUrl = null, result = null;

    /* What the run's status means, as the command line's exit status says it. */
    var statusWords = {
        0: 'No errors (queries, if any, are listed in the report).',
        1: 'The return has errors: see the report.',
        2: 'Not validated: the request is wrong (see the message).',
        3: 'Not validated: a specification file is unusable (see the message).',
        7: 'A file was not validated: it is unreadable or not a return statreturn knows (see the messages).',
        8: 'The report could not be written (see the message).',
        9: 'Internal error (see the message).'
    };

    /* Throws, with a message for the page, when the worker cannot be made. */
    function startWorker() {
        if (typeof window.statreturnWorker !== 'function' || typeof WebAssembly !== 'object')
            throw new Error('validator.js is not beside this page, or this browser has no WebAssembly');
        if (!workerUrl) {
            var src = '(' + window.statreturnWorker.toString() + ')();';
            workerUrl = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
        }
        return new Worker(workerUrl);
    }

    function stopWorker() {
        if (worker)
            worker.terminate();
        worker = null;
    }

    function setBusy(busy) {
        report.setAttribute('aria-busy', busy ? 'true' : 'false');
        $('validate').disabled = busy;
        if (!busy)
            report.dataset.runs = String(Number(report.dataset.runs) + 1);
    }

    function showMessages(lines) {
        messages.textContent = lines.join('\n');
        messages.hidden = lines.length === 0;
    }

    function finish(text, lines) {
        stopWorker();
        progress.hidden = true;
        statusLine.textContent = text;
        showMessages(lines || []);
        setBusy(false);
    }

    function onDone(msg) {
        result = msg;
        window.statreturnResult = msg;      /* for the tests and the curious */
        saves.hidden = !msg.html;
        if (msg.html) {
            view.srcdoc = msg.html;
            view.hidden = false;
        }
        finish(statusWords[msg.status] || ('Finished with status ' + msg.status + '.'), msg.messages);
    }

    function files(id) {
        return Array.prototype.slice.call($(id).files || []);
    }

    /* Two files of one name cannot be told apart in the report. */
    function duplicateName(list) {
        var seen = {};
        for (var i = 0; i < list.length; i++) {
            if (seen[list[i].name])
                return list[i].name;
            seen[list[i].name] = true;
        }
        return null;
    }

    function run() {
        if (!chosen.length) {
            statusLine.textContent = 'Choose the files to validate.';
            return;
        }
        var dup = duplicateName(chosen);
        if (dup) {
            finish('Not validated.', ["statreturn: error: validate: two files are named '" + dup +
                                      "'; choose one of them"]);
            return;
        }
        stopWorker();
        result = null;
        window.statreturnResult = null;
        setBusy(true);
        saves.hidden = true;
        view.hidden = true;
        view.removeAttribute('srcdoc');
        showMessages([]);
        statusLine.textContent = 'Validating ' + chosen.length + (chosen.length === 1 ? ' file' : ' files') + '...';
        progress.hidden = false;
        progress.removeAttribute('value');
        var w;
        try {
            w = worker = startWorker();
        } catch (err) {
            finish('Not validated: the validator could not start (' + err.message + ').', []);
            return;
        }
        worker.onmessage = function (e) {
            var m = e.data;
            if (w !== worker)
                return;             /* a run already finished or replaced */
            if (m.type === 'progress') {
                progress.max = m.total || 1;
                progress.value = m.done;
            } else if (m.type === 'done') {
                onDone(m);
            } else if (m.type === 'failed') {
                finish('Not validated: ' + m.message, m.messages);
            }
        };
        worker.onerror = function (e) {
            e.preventDefault();
            if (w !== worker)
                return;
            finish('Not validated: the validator could not run (' + (e.message || 'unknown error') + ').', []);
        };
        worker.postMessage({
            files: chosen,
            year: Number($('year').value) || 0,
            showValues: $('show-values').checked,
            previous: files('previous'),
            providers: files('providers'),
            postcodes: files('postcodes'),
            la: $('la').value.trim() || null
        });
    }

    /* The years the validator knows, from a first worker (which also shows
     * that the validator starts at all). */
    function loadYears() {
        var w;
        try {
            w = startWorker();
        } catch (err) {
            statusLine.textContent = 'The validator could not start: ' + err.message + '.';
            return;
        }
        w.onmessage = function (e) {
            if (e.data.type !== 'ready')
                return;
            e.data.years.forEach(function (y) {
                var o = document.createElement('option');
                o.value = String(y);
                o.textContent = (y - 1) + '-' + String(y).slice(2) + ' (Year ' + y + ')';
                $('year').appendChild(o);
            });
            w.terminate();
        };
        w.onerror = function (e) {
            e.preventDefault();
            statusLine.textContent = 'The validator could not start in this browser (' + (e.message || 'unknown error') + ').';
        };
    }

    function save(kind, type) {
        if (!result)
            return;
        var a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([result[kind]], { type: type }));
        a.download = 'statreturn-report.' + kind;
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }

    /* A dropped folder (an SSDA903 CSV set): its files, one level down. */
    function entryFiles(entry) {
        return new Promise(function (resolve) {
            if (entry.isFile) {
                entry.file(function (f) { resolve([f]); }, function () { resolve([]); });
            } else if (entry.isDirectory) {
                var reader = entry.createReader(), all = [];
                var more = function () {
                    reader.readEntries(function (es) {
                        if (!es.length) {
                            Promise.all(all.filter(function (x) { return x.isFile; }).map(entryFiles))
                                .then(function (lists) { resolve([].concat.apply([], lists)); });
                            return;
                        }
                        all = all.concat(Array.prototype.slice.call(es));
                        more();
                    }, function () { resolve([]); });
                };
                more();
            } else {
                resolve([]);
            }
        });
    }

    /* The drop's files (taken now: the browser empties dataTransfer once the
     * handler returns), with a dropped folder's files in its place. */
    function onDrop(e) {
        e.preventDefault();
        $('drop').classList.remove('over');
        var plain = Array.prototype.slice.call(e.dataTransfer.files || []);
        var items = Array.prototype.slice.call(e.dataTransfer.items || []);
        var entries = items.map(function (it) { return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null; });
        var folders = entries.some(function (en) { return en && en.isDirectory; });
        if (!folders || !entries.every(Boolean)) {
            chosen = plain;
            run();
            return;
        }
        Promise.all(entries.map(entryFiles)).then(function (lists) {
            chosen = [].concat.apply([], lists);
            run();
        });
    }

    $('files').addEventListener('change', function () { chosen = files('files'); run(); });
    $('form').addEventListener('submit', function (e) { e.preventDefault(); run(); });
    ['year', 'show-values', 'previous', 'providers', 'postcodes'].forEach(function (id) {
        $(id).addEventListener('change', function () { if (chosen.length) run(); });
    });
    $('save-html').addEventListener('click', function () { save('html', 'text/html'); });
    $('save-csv').addEventListener('click', function () { save('csv', 'text/csv'); });
    $('save-json').addEventListener('click', function () { save('json', 'application/json'); });
    ['dragenter', 'dragover'].forEach(function (t) {
        document.addEventListener(t, function (e) { e.preventDefault(); $('drop').classList.add('over'); });
    });
    document.addEventListener('dragleave', function () { $('drop').classList.remove('over'); });
    document.addEventListener('drop', onDrop);
    loadYears();
}());
