"""A small client of the Chrome DevTools protocol, for the browser tests.

Debian's chromium runs headless with --remote-debugging-pipe: the protocol's
JSON messages, each ended by a NUL byte, go in on the browser's file
descriptor 3 and come out on 4, so no port is opened and no WebSocket is
needed.  One thread reads the browser's messages; calls wait for their
answer, events are kept for the tests to look at.  Python's standard
library only.
"""
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time


class CDPError(Exception):
    pass


class Browser:
    def __init__(self, chromium, timeout=60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix='statreturn-chromium.')
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds():  # the browser reads fd 3 and writes fd 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        args = [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe',
                '--user-data-dir=' + self.profile, '--no-first-run', '--no-default-browser-check',
                '--disable-extensions', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--disable-default-apps', '--disable-features=Translate,MediaRouter',
                '--mute-audio', 'about:blank']
        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next = 0
        self._answers = {}
        self.events = []            # (session id, method, params), in order
        self._cond = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        buf = b''
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b''
            if not chunk:
                break
            buf += chunk
            while b'\0' in buf:
                raw, buf = buf.split(b'\0', 1)
                msg = json.loads(raw)
                with self._cond:
                    if 'id' in msg:
                        self._answers[msg['id']] = msg
                    else:
                        self.events.append((msg.get('sessionId'), msg['method'], msg.get('params', {})))
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def call(self, method, params=None, session=None, timeout=None):
        with self._cond:
            self._next += 1
            mid = self._next
        msg = {'id': mid, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        os.write(self._to_browser, json.dumps(msg).encode() + b'\0')
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while mid not in self._answers:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CDPError('%s: no answer from the browser' % method)
                self._cond.wait(left)
            answer = self._answers.pop(mid)
        if 'error' in answer:
            raise CDPError('%s: %s' % (method, answer['error'].get('message')))
        return answer.get('result', {})

    def close(self):
        try:
            self.call('Browser.close', timeout=5)
        except CDPError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab, attached with a flat session; the workers and frames it
    starts are attached too, so that their requests and messages are seen."""

    def __init__(self, browser):
        self.b = browser
        self.target = browser.call('Target.createTarget', {'url': 'about:blank'})['targetId']
        self.session = browser.call('Target.attachToTarget', {'targetId': self.target, 'flatten': True})['sessionId']
        for domain in ('Page', 'Runtime', 'Network', 'Log', 'DOM'):
            self.call(domain + '.enable')
        self.call('Target.setAutoAttach', {'autoAttach': True, 'waitForDebuggerOnStart': True, 'flatten': True})

    def call(self, method, params=None, timeout=None):
        return self.b.call(method, params, self.session, timeout)

    def attach_workers(self):
        """Enables Network, Log and Runtime in every worker or frame attached
        since the last call and lets it run (each waits for that, so none
        starts unwatched)."""
        seen = getattr(self, '_workers', set())
        for sid, method, params in list(self.b.events):
            if method == 'Target.attachedToTarget' and params['sessionId'] not in seen:
                child = params['sessionId']
                seen.add(child)
                try:
                    for domain in ('Network', 'Log', 'Runtime'):
                        self.b.call(domain + '.enable', session=child, timeout=5)
                    self.b.call('Runtime.runIfWaitingForDebugger', session=child, timeout=5)
                except CDPError:
                    pass        # the worker was already gone
        self._workers = seen

    def navigate(self, url):
        self.call('Page.navigate', {'url': url})

    def evaluate(self, expression, timeout=None):
        r = self.call('Runtime.evaluate', {'expression': expression, 'returnByValue': True, 'awaitPromise': True},
                      timeout)
        if 'exceptionDetails' in r:
            raise CDPError('evaluate %r: %s' % (expression[:60], r['exceptionDetails'].get('text')))
        return r['result'].get('value')

    def wait_for(self, expression, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.attach_workers()
            try:
                if self.evaluate(expression):
                    return True
            except CDPError:
                pass            # a page still loading: ask again
            time.sleep(0.05)
        return False

    def set_files(self, selector, paths):
        root = self.call('DOM.getDocument', {'depth': 0})['root']['nodeId']
        node = self.call('DOM.querySelector', {'nodeId': root, 'selector': selector})['nodeId']
        self.call('DOM.setFileInputFiles', {'nodeId': node, 'files': [os.path.abspath(p) for p in paths]})

    def report_frame(self):
        """An evaluate function for the page's child frame (the report):
        in the page's process, or, when the browser puts the sandboxed frame
        in a process of its own, through the frame's target; None if none."""
        self.attach_workers()
        frames = self.call('Page.getFrameTree')['frameTree'].get('childFrames', [])
        if frames:
            try:
                ctx = self.call('Page.createIsolatedWorld', {'frameId': frames[0]['frame']['id']})['executionContextId']
            except CDPError:
                return None     # the frame went while we asked: ask again
            return lambda expr: self.call('Runtime.evaluate', {'expression': expr, 'contextId': ctx,
                                                               'returnByValue': True})['result'].get('value')
        sessions = [p['sessionId'] for _, m, p in self.b.events
                    if m == 'Target.attachedToTarget' and p['targetInfo']['type'] == 'iframe']
        if not sessions:
            return None
        sid = sessions[-1]
        return lambda expr: self.b.call('Runtime.evaluate', {'expression': expr, 'returnByValue': True},
                                        sid)['result'].get('value')

    def drop_files(self, selector, paths):
        """Drags files from outside the browser and drops them on the
        middle of the element."""
        x, y = self.evaluate("(function () { var r = document.querySelector(%s).getBoundingClientRect();"
                             " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector))
        data = {'items': [], 'files': [os.path.abspath(p) for p in paths], 'dragOperationsMask': 1 | 2 | 16}
        for kind in ('dragEnter', 'dragOver', 'drop'):
            self.call('Input.dispatchDragEvent', {'type': kind, 'x': x, 'y': y, 'data': data})

    def requests(self):
        """The URL of every request made by the page or its workers."""
        return [p['request']['url'] for _, m, p in self.b.events if m == 'Network.requestWillBeSent']

    def console(self):
        """Console and log lines (CSP violations are reported there)."""
        out = []
        for _, m, p in self.b.events:
            if m == 'Log.entryAdded':
                out.append(p['entry'].get('text', ''))
            elif m == 'Runtime.consoleAPICalled':
                out.append(' '.join(str(a.get('value', '')) for a in p.get('args', [])))
        return out
