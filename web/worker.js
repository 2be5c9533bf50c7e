/*
 * The browser validator's worker, after emscripten's glue: it takes the
 * page's request, gives the chosen files to the C code without copying
 * them (WORKERFS reads each File in slices as the validator asks), runs
 * web_validate (src/web/web_validate.c: the validation library, the same
 * driver and report writers as `statreturn validate`) and posts back the
 * messages, the status and the reports.  Nothing here judges a file.
 *
 * Messages to the page:
 *   {type: 'ready', years: [...]}        the module runs; the years it validates
 *   {type: 'progress', done, total}      bytes read so far of the files
 *   {type: 'done', status, messages, html, csv, json}
 *   {type: 'failed', message}            the module could not run
 */
var statreturnRequest = null;

function statreturnFailed(message) {
    postMessage({ type: 'failed', message: String(message), messages: statreturnMessages });
}

/* Counts the bytes the validator reads, for the page's progress bar. */
function statreturnCountReads(total) {
    var ops = WORKERFS.stream_ops, read = ops.read, done = 0, last = 0;
    ops.read = function (stream, buffer, offset, length, position) {
        var n = read.call(this, stream, buffer, offset, length, position);
        done += n;
        var t = Date.now();
        if (t - last > 100) {
            last = t;
            postMessage({ type: 'progress', done: Math.min(done, total), total: total });
        }
        return n;
    };
}

/* Mounts files under dir; returns their paths (relative to /in for the
 * files to validate, so that the report names them as the analyst does). */
function statreturnMount(dir, files) {
    FS.mkdirTree(dir);
    FS.mount(WORKERFS, { files: files }, dir);
    return files.map(function (f) { return dir + '/' + f.name; });
}

/* A reference input: one file by its path, several (a CSV set) by their folder. */
function statreturnReference(kind, files) {
    if (!files || !files.length)
        return null;
    var paths = statreturnMount('/ref/' + kind, files);
    return files.length === 1 ? paths[0] : '/ref/' + kind;
}

function statreturnCString(s) {
    var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
}

function statreturnRun(req) {
    var total = 0;
    req.files.concat(req.previous || [], req.providers || [], req.postcodes || []).forEach(function (f) {
        total += f.size;
    });
    statreturnCountReads(total);
    statreturnMount('/in', req.files);
    var refs = {
        previous: statreturnReference('previous', req.previous),
        providers: statreturnReference('providers', req.providers),
        postcodes: statreturnReference('postcodes', req.postcodes)
    };
    FS.mkdirTree('/out');
    FS.chdir('/in');
    var names = req.files.map(function (f) { return statreturnCString(f.name); });
    var argv = _malloc(4 * names.length);
    names.forEach(function (p, i) { HEAP32[(argv >> 2) + i] = p; });
    var status = ccall('web_validate_args', 'number',
        ['number', 'number', 'string', 'string', 'string', 'string', 'number', 'number', 'string'],
        [req.year || 0, req.showValues ? 1 : 0, refs.previous, refs.providers, refs.postcodes,
         req.la || null, argv, names.length, '/out']);
    /* As written: the CSV's byte-order mark (for Excel) is kept. */
    var utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
    function report(name) {
        try { return utf8.decode(FS.readFile('/out/' + name)); } catch (e) { return ''; }
    }
    postMessage({ type: 'progress', done: total, total: total });
    postMessage({ type: 'done', status: status, messages: statreturnMessages,
                  html: report('report.html'), csv: report('report.csv'), json: report('report.json') });
}

function statreturnReady() {
    var years = [];
    for (var y = 2020; y <= 2040; y++)
        if (ccall('web_year_supported', 'number', ['number'], [y]))
            years.push(y);
    postMessage({ type: 'ready', years: years });
    if (statreturnRequest)
        statreturnGo();
}

function statreturnGo() {
    var req = statreturnRequest;
    statreturnRequest = null;
    try {
        statreturnRun(req);
    } catch (e) {
        statreturnFailed(e && e.message ? e.message : e);
    }
}

onmessage = function (e) {
    statreturnRequest = e.data;
    if (runtimeInitialized)
        statreturnGo();
};
