#!/usr/bin/env python3
"""The browser validator page (build/web/index.html, `make web`) in headless
Chromium, against `statreturn validate` on the same files.

Each case opens the page from file://, sets its options, gives it files
through the file input (DevTools DOM.setFileInputFiles), waits for #report
to finish a run (aria-busy="false", data-runs counted up), and compares what
the page made with what the command line makes from the same files, named
the same way (the command runs in the folder holding them): the HTML, CSV
and JSON reports byte for byte, the messages line for line, and the status.
Throughout, every network request of the page and its workers is recorded:
only the page's own files (and the worker's blob) may be asked for.

    test_page.py STATRETURN WEBDIR WORKDIR
Prints one line per case and "web: N passed, N failed".

    test_page.py STATRETURN WEBDIR WORKDIR --bench FILE
Validates FILE in the page once (for `make bench`) and prints the seconds
from giving the file to the end of the run, then its status.
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, Page  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SR, WEBDIR, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
PAGE_URL = 'file://' + os.path.join(WEBDIR, 'index.html')
CLA25 = os.path.join(ROOT, 'fixtures/golden/cla_2025_201_seed5_800')
CLA27 = os.path.join(ROOT, 'fixtures/golden/cla_2027_201_seed14_800')
# sr_status (core/status.h) to the command line's exit status (cli/app.c)
EXIT = {0: 0, 1: 1, 2: 2, 3: 3, 7: 7, 8: 8, 9: 10}


def staged(name, sources):
    """Copies the files into WORK/name (so both sides name them alike)."""
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    out = []
    for s in sources:
        dst = os.path.join(d, os.path.basename(s))
        shutil.copyfile(s, dst)
        out.append(dst)
    return out


def cli(files, options, fmt):
    """statreturn validate in the files' folder: (exit, report, messages)."""
    d = os.path.dirname(files[0])
    report = os.path.join(WORK, 'cli-report.' + fmt)
    env = dict(os.environ, STATRETURN_DATADIR=ROOT)
    p = subprocess.run([SR, 'validate', '--format', fmt, '--output', report, '--force'] + options
                       + [os.path.basename(f) for f in files], cwd=d, env=env, capture_output=True)
    text = open(report, encoding='utf-8', newline='').read() if os.path.exists(report) else ''
    if os.path.exists(report):
        os.unlink(report)
    lines = [ln for ln in p.stderr.decode().splitlines() if not ln.startswith('statreturn: report written to')]
    return p.returncode, text, lines


def web_options(options):
    """The page's form settings for command-line options."""
    js = []
    for i, o in enumerate(options):
        if o == '--year':
            js.append("document.getElementById('year').value = %s;" % json.dumps(options[i + 1]))
        elif o == '--show-values':
            js.append("document.getElementById('show-values').checked = true;")
        elif o == '--la':
            js.append("document.getElementById('la').value = %s;" % json.dumps(options[i + 1]))
    return ' '.join(js)


class Run:
    def __init__(self, browser):
        self.browser = browser
        self.passed = self.failed = 0
        self.page = Page(browser)
        self.url = PAGE_URL
        self.own = {'file://' + os.path.join(WEBDIR, f) for f in os.listdir(WEBDIR)}

    def open(self):
        self.page.navigate(self.url)
        if not self.page.wait_for("document.readyState === 'complete' && "
                                  "document.getElementById('year').options.length > 1", 30):
            raise AssertionError('the page did not load, or the validator did not start (no years)')

    def validate(self, files, options=(), refs=None, timeout=120, drop=False):
        """Runs the page on files, chosen or dropped; returns (seconds, result dict)."""
        self.open()
        self.page.evaluate(web_options(list(options)))
        for input_id, paths in (refs or {}).items():
            self.page.set_files('#' + input_id, paths)
        t0 = time.monotonic()
        if drop:
            self.page.drop_files('#drop', files)
        else:
            self.page.set_files('#files', files)
        if not self.page.wait_for("document.getElementById('report').dataset.runs === '1' && "
                                  "document.getElementById('report').getAttribute('aria-busy') === 'false'",
                                  timeout):
            raise AssertionError('the page did not finish within %d s (aria-busy still true?)' % timeout)
        seconds = time.monotonic() - t0
        return seconds, self.page.evaluate('window.statreturnResult')

    def compare(self, name, files, options=(), refs=None, cli_refs=(), drop=False):
        """The page against the command line, formats, messages and status."""
        _, res = self.validate(files, options, refs, drop=drop)
        if not res:
            raise AssertionError('the page made no report; status line: %s'
                                 % self.page.evaluate("document.getElementById('status').textContent"))
        for fmt in ('html', 'csv', 'json'):
            code, text, lines = cli(files, list(options) + list(cli_refs), fmt)
            if text != res[fmt]:
                raise AssertionError('the %s report differs from statreturn validate\'s' % fmt)
        if lines != res['messages']:
            raise AssertionError('messages differ:\n  command line: %r\n  page:         %r' % (lines, res['messages']))
        if EXIT.get(res['status']) != code:
            raise AssertionError('status %s, the command line exits %d' % (res['status'], code))
        return res

    def case(self, name, fn):
        try:
            fn()
            self.passed += 1
            print('ok      %s' % name)
        except Exception as e:  # a failed case is reported, the others still run
            self.failed += 1
            print('FAILED  %s: %s' % (name, e))
        sys.stdout.flush()


def hostile_files():
    d = os.path.join(WORK, 'hostile')
    os.makedirs(d, exist_ok=True)
    valid = open(os.path.join(ROOT, 'tests/data/cin_2025_valid.xml'), encoding='utf-8').read()
    with open(os.path.join(d, 'not_xml.xml'), 'w') as f:
        f.write('LAchildID,CINreferralDate\nDfEX0000001,2024-04-01\n')
    with open(os.path.join(d, 'truncated.xml'), 'w') as f:
        f.write(valid[:len(valid) // 2])
    with open(os.path.join(d, 'utf16.xml'), 'wb') as f:
        f.write(valid.encode('utf-16'))
    year = valid.replace('<Year>2025</Year>', '<Year>2031</Year>') \
                .replace('<ReferenceDate>2025-03-31</ReferenceDate>', '<ReferenceDate>2031-03-31</ReferenceDate>')
    with open(os.path.join(d, 'year_2031.xml'), 'w') as f:
        f.write(year)
    payload = open(os.path.join(ROOT, 'tests/data/csc_api_valid.jsonl'), encoding='utf-8').read()
    first, second = payload.splitlines()[:2]
    with open(os.path.join(d, 'truncated.jsonl'), 'w') as f:     # its second batch cut off
        f.write(first + '\n' + second[:len(second) // 2])
    with open(os.path.join(d, 'deep.json'), 'w') as f:          # the parser's depth, in wasm's smaller stack
        f.write('[' * 100000 + ']' * 100000)
    with open(os.path.join(d, 'utf16.json'), 'wb') as f:
        f.write(payload.splitlines()[0].encode('utf-16'))
    big = os.path.join(d, 'one_gigabyte.xml')
    with open(big, 'wb') as f:      # sparse: nothing is written, nothing need be read
        f.truncate(1 << 30)
    return d, big


def bench(path):
    browser = Browser(os.environ.get('CHROMIUM', 'chromium'))
    try:
        seconds, res = Run(browser).validate([path], timeout=1800)
    finally:
        browser.close()
    print('%.2f %s' % (seconds, res['status'] if res else 'none'))
    return 0 if res else 1


def main():
    if len(sys.argv) == 6 and sys.argv[4] == '--bench':
        return bench(sys.argv[5])
    os.makedirs(WORK, exist_ok=True)
    browser = Browser(os.environ.get('CHROMIUM', 'chromium'))
    r = Run(browser)
    data = os.path.join(ROOT, 'tests/data')
    hostile, big = hostile_files()
    try:
        r.case('CIN fixtures (2025, 2026, 2027; valid, schema errors, rule errors)', lambda: r.compare(
            'cin', staged('cin', [os.path.join(data, f) for f in sorted(os.listdir(data)) if f.endswith('.xml')]
                          + [os.path.join(ROOT, 'fixtures/golden/cin_2025_201_seed5_300.xml')])))
        r.case('CIN with a chosen year (--year 2026)', lambda: r.compare(
            'cin-year', staged('cin-year', [os.path.join(data, 'cin_2025_valid.xml')]), ['--year', '2026']))
        r.case('CIN schema errors with "show values" (--show-values)', lambda: r.compare(
            'cin-values', staged('cin-values', [os.path.join(data, 'cin_2025_schema_invalid.xml')]),
            ['--show-values']))
        r.case('SSDA903 CSV set', lambda: r.compare(
            'cla-csv', staged('cla-csv', [os.path.join(CLA25, f) for f in sorted(os.listdir(CLA25))
                                          if f.endswith('.csv')])))
        r.case('SSDA903 CSV set dropped on the page (drag and drop)', lambda: r.compare(
            'cla-drop', staged('cla-drop', [os.path.join(CLA25, f) for f in sorted(os.listdir(CLA25))
                                            if f.endswith('.csv')]), drop=True))
        r.case('SSDA903 XML', lambda: r.compare('cla-xml', staged('cla-xml', [os.path.join(CLA25, 'cla_2025_201.xml')])))
        prev = staged('cla-prev', [os.path.join(CLA25, f) for f in sorted(os.listdir(CLA25)) if f.endswith('.csv')])
        r.case('SSDA903 2026-27 CSV set with last year\'s return (--previous)', lambda: r.compare(
            'cla-27', staged('cla-27', [os.path.join(CLA27, f) for f in sorted(os.listdir(CLA27)) if f.endswith('.csv')]),
            refs={'previous': prev}, cli_refs=['--previous', os.path.dirname(prev[0])]))
        r.case('Supporting Families NIS and FPD files', lambda: r.compare('families', staged('families', [
            os.path.join(ROOT, 'fixtures/golden/families_nis_2025-03_201_seed5_100.csv'),
            os.path.join(ROOT, 'fixtures/golden/families_fpd_2025-03_201_seed5_100.csv')])))
        r.case('CSC API payload, JSON Lines (valid)', lambda: check_payload(r, data, 'csc_api_valid.jsonl', 0, 0))
        r.case('CSC API payload, one JSON array (schema failures), with "show values"',
               lambda: check_payload(r, data, 'csc_api_failures.json', 1, 2, ['--show-values']))
        r.case('CSC API payload with a CIN census, one run', lambda: r.compare(
            'csc-api-cin', staged('csc-api-cin', [os.path.join(data, f) for f in
                                                 ('csc_api_failures.json', 'cin_2025_valid.xml')])))
        r.case('the file chooser offers the XML, CSV and JSON files the validator takes',
               lambda: check_accept(r))
        for name in ('not_xml.xml', 'truncated.xml', 'utf16.xml', 'year_2031.xml',
                     'truncated.jsonl', 'deep.json', 'utf16.json'):
            r.case('hostile: %s, the command line\'s message' % name,
                   lambda name=name: r.compare('hostile', [os.path.join(hostile, name)]))
        r.case('hostile: a 1 GiB file is refused by its size, unread', lambda: check_big(r, big))
        r.case('served by a static web server (on 127.0.0.1)', lambda: check_served(r, data))
        r.case('without validator.js the page says so (never a blank page)', lambda: check_broken(r))
        r.case('the report\'s child lookup works in the page (its script allowed by its hash)',
               lambda: check_lookup(r, data))
        r.case('the browser refused nothing (no policy violation)', lambda: check_console(r))
        r.case('no network request beyond the page\'s own files', lambda: check_network(r))
    finally:
        browser.close()
    print('web: %d passed, %d failed' % (r.passed, r.failed))
    return 1 if r.failed else 0


def check_big(r, big):
    _, res = r.validate([big], timeout=60)
    want = ("statreturn: error: one_gigabyte.xml: the file is 1024 MiB, larger than the 512 MiB this validator "
            "reads (validate it with the statreturn command)")
    if want not in res['messages']:
        raise AssertionError('no size message, got %r' % res['messages'])
    if res['status'] != 7:
        raise AssertionError('status %s, not 7 (a file not validated)' % res['status'])
    if res['bytesRead'] > 1 << 20:      # its first bytes tell its return, no more
        raise AssertionError('%d bytes of it were read' % res['bytesRead'])


def check_payload(r, data, name, status, errors, options=()):
    """A payload compared with the command line; and it is what the case says it is."""
    res = r.compare(name, staged(name, [os.path.join(data, name)]), options)
    report = json.loads(res['json'])['files'][0]
    if (res['status'], report['return'], report['children'], report['errors']) != (status, 'CSC API payload', 3, errors):
        raise AssertionError('status %s, %s of %s children with %s errors: not the payload\'s %d errors'
                             % (res['status'], report['return'], report['children'], report['errors'], errors))


def check_accept(r):
    r.open()
    accept = r.page.evaluate("document.getElementById('files').accept").split(',')
    missing = [e for e in ('.xml', '.csv', '.json', '.jsonl') if e not in accept]
    if missing:
        raise AssertionError('the file input does not offer %s (accept=%r)' % (', '.join(missing), ','.join(accept)))


def check_broken(r):
    d = os.path.join(WORK, 'broken')
    os.makedirs(d, exist_ok=True)
    for f in ('index.html', 'page.js', 'page.css'):
        shutil.copyfile(os.path.join(WEBDIR, f), os.path.join(d, f))
    r.own |= {'file://' + os.path.join(d, f) for f in os.listdir(d)} | {'file://' + os.path.join(d, 'validator.js')}
    r.page.navigate('file://' + os.path.join(d, 'index.html'))
    if not r.page.wait_for("document.getElementById('status').textContent.indexOf('could not start') >= 0", 20):
        raise AssertionError('no message: %r' % r.page.evaluate("document.getElementById('status').textContent"))


def check_served(r, data):
    handler = functools.partial(Quiet, directory=WEBDIR)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = 'http://127.0.0.1:%d/' % server.server_address[1]
    r.own |= {base + f for f in os.listdir(WEBDIR)}
    r.url = base + 'index.html'
    try:
        r.compare('served', staged('served', [os.path.join(data, 'cin_2025_schema_invalid.xml')]))
    finally:
        r.url = PAGE_URL
        server.shutdown()
        server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def safely(frame, expr):
    try:
        return frame(expr)
    except Exception:   # a frame replaced while we asked
        return None


def check_lookup(r, data):
    r.validate(staged('lookup', [os.path.join(data, 'cin_2025_schema_invalid.xml')]))
    deadline = time.monotonic() + 20
    while True:         # the frame loads its report after the run has ended
        frame = r.page.report_frame()
        if frame and safely(frame, "!!document.getElementById('q') && !!document.querySelector('tr[data-c]')"):
            break
        if time.monotonic() > deadline:
            raise AssertionError('no report in the frame')
        time.sleep(0.1)
    inside = frame
    child = inside("document.querySelector('tr[data-c]').getAttribute('data-c')")
    inside("var q = document.getElementById('q'); q.value = %s; q.dispatchEvent(new Event('input')); 1"
           % json.dumps(child))
    said = inside("document.getElementById('qn').textContent")
    if 'finding(s) shown for this child' not in (said or ''):
        raise AssertionError('the lookup did not answer (its script blocked?): %r' % said)


def check_console(r):
    refused = [ln for ln in r.page.console() if 'Content Security Policy' in ln or 'Refused' in ln]
    if refused:
        raise AssertionError('the browser refused something: %s' % refused[0])


def check_network(r):
    # And the policy holds: a request the page tries is refused before it is made.
    r.page.evaluate("fetch('http://127.0.0.1:9/').then(() => 'sent', () => 'refused')")
    bad = [u for u in r.page.requests()
           if u not in r.own and not u.startswith(('blob:', 'data:', 'about:'))]
    if bad:
        raise AssertionError('requests beyond the page\'s own files: %s' % sorted(set(bad))[:5])
    if not any(u.endswith('/validator.js') for u in r.page.requests()):
        raise AssertionError('no request was seen at all: is the network watched?')


if __name__ == '__main__':
    sys.exit(main())
