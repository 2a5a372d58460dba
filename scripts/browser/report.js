/*
 * Loaded first by page.html (a classic script): window.detwasmReport(kind, payload) POSTs to the
 * test server (kind 'results' once at the end, 'error' for anything uncaught), and every uncaught
 * error, failed script load (captured on window) and CSP violation other than the browser's own
 * refused wasm compile is reported as an error, so the server stops waiting at once.
 */
'use strict';
(function () {
  var browser = new URLSearchParams(location.search).get('browser') || 'unknown';
  function report(kind, payload) {
    return fetch('/report?browser=' + encodeURIComponent(browser) + '&kind=' + kind, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
    });
  }
  window.detwasmReport = report;
  window.addEventListener('error', function (e) {
    var target = e.target && e.target !== window && (e.target.src || e.target.href);
    report('error', { message: target ? 'failed to load ' + target : String(e.message), where: e.filename ? e.filename + ':' + e.lineno : '' });
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason;
    report('error', { message: 'unhandled rejection: ' + (r && r.stack ? r.stack : String(r)) });
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    // The page's own probe of the native WebAssembly (page.mjs) is refused by design.
    if (e.blockedURI === 'wasm-eval' || e.blockedURI === 'eval' && /wasm/i.test(e.sample || '')) return;
    report('error', { message: 'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI });
  });
})();
