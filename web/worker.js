/*
 * The browser validator's worker, after emscripten's glue: it takes the
 * page's request, gives the chosen files to the C code without copying
 * them (WORKERFS, with a read-ahead: each File is read in slices as the
 * validator asks), runs
 * web_validate (src/web/web_validate.c: the validation library, the same
 * driver and report writers as `statreturn validate`) and posts back the
 * messages, the status and the reports.  Nothing here judges a file.
 *
 * Messages to the page:
 *   {type: 'ready', years: [...]}        the module runs; the years it validates
 *   {type: 'progress', done, total}      bytes read so far of the files
 *   {type: 'done', status, messages, bytesRead, html, csv, json}
 *   {type: 'failed', message}            the module could not run
 */
var statreturnRequest = null;

function statreturnFailed(message) {
    postMessage({ type: 'failed', message: String(message), messages: statreturnMessages });
}

/* Reads the chosen files for the validator, and counts what it has read
 * for the page's progress bar.  WORKERFS would ask the browser for each of
 * the validator's 32 KiB reads separately, and each such request crosses
 * to the browser's file store: reading 8 MiB at a time instead, and serving
 * the reads from that, takes a large file in a few hundred requests. */
var STATRETURN_READ_AHEAD = 8 << 20;
var statreturnBytesRead = 0;

function statreturnReadAhead(total) {
    var reader = new FileReaderSync(), last = 0;
    WORKERFS.stream_ops.read = function (stream, buffer, offset, length, position) {
        var node = stream.node, file = node.contents;
        if (position >= file.size)
            return 0;
        var n = Math.min(length, file.size - position), c = node.statreturnAhead;
        if (!c || position < c.start || position + n > c.start + c.bytes.length) {
            /* A file's first read is its sniff (a few KiB): no read-ahead yet. */
            var ahead = position === 0 ? 65536 : STATRETURN_READ_AHEAD;
            var end = Math.min(file.size, position + Math.max(n, ahead));
            c = node.statreturnAhead = {
                start: position,
                bytes: new Uint8Array(reader.readAsArrayBuffer(file.slice(position, end)))
            };
            statreturnBytesRead += c.bytes.length;
            var t = Date.now();
            if (t - last > 100) {
                last = t;
                postMessage({ type: 'progress', done: Math.min(statreturnBytesRead, total), total: total });
            }
        }
        buffer.set(c.bytes.subarray(position - c.start, position - c.start + n), offset);
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
    statreturnReadAhead(total);
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
    postMessage({ type: 'done', status: status, messages: statreturnMessages, bytesRead: statreturnBytesRead,
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
