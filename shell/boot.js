// Page boot: the Module object for app.js (canvas, progress, errors) and the WebGL2/WASM check.
// Loaded before app.js; no inline scripts (CSP script-src 'self' 'wasm-unsafe-eval').
(function () {
  'use strict';
  var statusEl = document.getElementById('status');
  var bar = document.getElementById('progress-bar');
  var errorEl = document.getElementById('error');

  function fatal(message) {
    if (statusEl) statusEl.textContent = '';
    if (bar) bar.parentNode.hidden = true;
    if (errorEl) {
      errorEl.textContent = message;
      errorEl.hidden = false;
    }
    var loading = document.getElementById('loading');
    if (loading) loading.hidden = false;
  }

  var messages = {
    webgl2: 'Telemed needs WebGL 2, which this browser or device does not provide (or has turned off). ' +
            'Please update your browser, or try Chrome, Edge, Firefox or Safari 15+.',
    wasm: 'Telemed needs WebAssembly, which this browser does not provide. Please use a current browser.',
    crash: 'Something went wrong while starting Telemed. Please reload the page.'
  };

  if (typeof WebAssembly !== 'object') {
    fatal(messages.wasm);
    window.Module = {noInitialRun: true};
    return;
  }
  var probe = document.createElement('canvas');
  if (!probe.getContext('webgl2')) {
    fatal(messages.webgl2);
  }

  // The build gives every file a content-hashed name (cmake/publish_web.cmake) and lists them in a meta
  // tag; Emscripten's glue asks for "app.wasm" and "app.data" by their plain names.
  var assets = {};
  var assetMeta = document.querySelector('meta[name="telemed-assets"]');
  if (assetMeta) {
    try { assets = JSON.parse(assetMeta.content); } catch (e) { assets = {}; }
  }
  window.telemedAssetUrl = function (name) { return assets[name] || name; };

  // Emscripten's own status lines ("Downloading data...", "Running...") in words a patient understands.
  function patientWords(text) {
    if (/^Downloading/i.test(text)) return 'Downloading Telemed…';
    if (/^(Running|Preparing)/i.test(text)) return 'Starting Telemed…';
    if (/^All downloads complete/i.test(text)) return 'Starting Telemed…';
    return text.replace(/\s*\(.*\)$/, '').replace('...', '…');
  }

  var totalDeps = 0;
  window.Module = {
    locateFile: function (path, prefix) { return (prefix || '') + window.telemedAssetUrl(path); },
    canvas: document.getElementById('canvas'),
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    // Emscripten reports download progress as "Downloading data... (loaded/total)".
    setStatus: function (text) {
      if (!text) return;
      var m = text.match(/\((\d+(\.\d+)?)\/(\d+)\)/);
      if (m && bar) bar.style.width = Math.max(5, Math.round(100 * m[1] / m[3])) + '%';
      if (statusEl) statusEl.textContent = patientWords(text);
    },
    monitorRunDependencies: function (left) {
      totalDeps = Math.max(totalDeps, left);
      if (bar && totalDeps) bar.style.width = Math.max(5, Math.round(100 * (totalDeps - left) / totalDeps)) + '%';
    },
    telemedFatal: function (what) { fatal(messages[what] || messages.crash); },
    onAbort: function () { fatal(messages.crash); }
  };
  window.addEventListener('error', function (e) {
    if (!window.telemedReady && e && e.message && /wasm|WebAssembly|abort/i.test(e.message)) fatal(messages.crash);
  });

  // Two builds of the app: "demo" carries the offline demo's in-page clinic (the server's whole core),
  // "app" talks to the server and is the smaller download. The WASM and its data are asked for at once,
  // beside the script, rather than after the script has run.
  var build = new URLSearchParams(location.search).has('demo') ? 'demo' : 'app';
  function add(tag, attributes) {
    var el = document.createElement(tag);
    for (var key in attributes) el.setAttribute(key, attributes[key]);
    document.head.appendChild(el);
    return el;
  }
  add('link', {rel: 'preload', href: window.telemedAssetUrl(build + '.wasm'), as: 'fetch', type: 'application/wasm', crossorigin: ''});
  add('link', {rel: 'preload', href: window.telemedAssetUrl(build + '.data'), as: 'fetch', crossorigin: ''});
  // The app loads time zones by area (tz/Europe.bin…): the browser's own is needed for the first times shown.
  if (build === 'app') {
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }
    var pack = 'tz/' + (zone.indexOf('/') < 0 ? 'misc' : zone.split('/')[0]) + '.bin';
    if (assets[pack]) add('link', {rel: 'preload', href: assets[pack], as: 'fetch', crossorigin: ''});
  }
  var script = add('script', {src: window.telemedAssetUrl(build + '.js')});
  script.async = true;
  script.onerror = function () { fatal(messages.crash); };
})();
