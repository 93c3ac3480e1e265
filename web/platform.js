// The JS half of src/platform (an Emscripten --js-library): on-demand frame loop, pointer/wheel/key input
// for the ImGui backend, page facts (URL, time zone, title), session storage and clipboard.
// C++ entry points called from here are EMSCRIPTEN_KEEPALIVE functions named telemed_on_*.
//
// Sections: [frame loop] [input] [page] [storage + clipboard] [assets]

mergeInto(LibraryManager.library, {
  // Shared state of the platform layer.
  $TM: {
    rafPending: false,
    pollPending: false,
    pollChannel: null,
    timer: 0,
    timerDue: 0,
    canvas: null,
    touch: null,       // active touch gesture: {id, x0, y0, x, y, scrolling}
    ready: false,

    requestFrame: function() {
      if (TM.rafPending) return;
      TM.rafPending = true;
      requestAnimationFrame(function(ts) {
        TM.rafPending = false;
        // C++ answers whether it wants another frame (animation, settle frames after input).
        if (_telemed_on_frame(ts)) TM.requestFrame();
      });
    },

    // UTF-8 into a C buffer of `cap` bytes; returns the full byte length (retry with a larger buffer if
    // it is >= cap), or -1 for "no value".
    writeString: function(str, buf, cap) {
      if (str === null || str === undefined) return -1;
      str = String(str);
      if (cap > 0) stringToUTF8(str, buf, cap);
      return lengthBytesUTF8(str);
    },

    // CSS px relative to the canvas (which fills the viewport, so this is the client position).
    pos: function(e) {
      var r = TM.canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    },

    mods: function(e) {
      return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    },

    // Key codes shared with src/platform/imgui_backend_web.cpp (enum Key).
    keyCode: function(key) {
      switch (key) {
        case 'Tab': return 1; case 'ArrowLeft': return 2; case 'ArrowRight': return 3;
        case 'ArrowUp': return 4; case 'ArrowDown': return 5; case 'PageUp': return 6;
        case 'PageDown': return 7; case 'Home': return 8; case 'End': return 9; case 'Insert': return 10;
        case 'Delete': return 11; case 'Backspace': return 12; case ' ': return 13; case 'Enter': return 14;
        case 'Escape': return 15; case 'a': case 'A': return 16; case 'c': case 'C': return 17;
        case 'v': case 'V': return 18; case 'x': case 'X': return 19; case 'y': case 'Y': return 20;
        case 'z': case 'Z': return 21;
      }
      return 0;
    },

    // Pointer kinds for telemed_on_pointer: 0 move, 1 down, 2 up, 3 cancel (drag became a scroll:
    // release without clicking), 4 leave (finger lifted: hover nothing, one frame after the release).
    pointer: function(kind, e, button) {
      var p = TM.pos(e);
      _telemed_on_pointer(kind, p[0], p[1], button);
      TM.requestFrame();
    },

    // Momentum after a touch scroll: keeps scrolling with exponential decay (only while it moves).
    fling: null,
    startFling: function(x, y, vy) {
      var f = {x: x, y: y, vy: vy, at: performance.now()};
      TM.fling = f;
      var step = function(now) {
        if (TM.fling !== f) return;
        var dt = Math.max(0, Math.min(50, now - f.at));
        f.at = now;
        f.vy *= Math.pow(0.995, dt);  // ~ -0.5 % per ms
        if (Math.abs(f.vy) < 0.03) { TM.fling = null; return; }
        _telemed_on_wheel(f.x, f.y, 0, f.vy * dt);
        TM.requestFrame();
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    },

    installInput: function() {
      var c = TM.canvas;
      // The canvas handles touch gestures itself (drag to scroll); no browser panning or zooming.
      c.style.touchAction = 'none';
      c.addEventListener('pointerdown', function(e) {
        if (!e.isPrimary) return;
        // Text fields: focus the mirroring <input> now, inside the user gesture, so phones open
        // their keyboard. Anything else takes focus away from the layer (keyboard closes).
        var field = TelemedA11y.textboxAt(e.clientX, e.clientY);
        if (field) {
          if (document.activeElement !== field) field.focus({preventScroll: true});
        } else if (TelemedA11y.root && TelemedA11y.root.contains(document.activeElement)) {
          document.activeElement.blur();
        }
        try { c.setPointerCapture(e.pointerId); } catch (err) {}
        if (e.pointerType === 'touch') {
          var p = TM.pos(e);
          TM.fling = null;  // a new touch stops a running fling
          TM.touch = {id: e.pointerId, x0: p[0], y0: p[1], x: p[0], y: p[1], scrolling: false,
                      at: performance.now(), vy: 0};
        }
        TM.pointer(1, e, e.button < 0 ? 0 : e.button);
        e.preventDefault();  // no compatibility mousedown: it would move focus to <body>
      });
      c.addEventListener('pointermove', function(e) {
        if (!e.isPrimary) return;
        var t = TM.touch;
        if (t && t.id === e.pointerId) {
          var p = TM.pos(e);
          if (!t.scrolling && Math.hypot(p[0] - t.x0, p[1] - t.y0) > 10) {
            // A drag, not a tap: release the pressed widget without a click, then scroll.
            t.scrolling = true;
            _telemed_on_pointer(3, p[0], p[1], 0);
          }
          if (t.scrolling) {
            _telemed_on_wheel(p[0], p[1], p[0] - t.x, p[1] - t.y);
            // Velocity (px/ms, smoothed) for the fling after the finger lifts.
            var now = performance.now(), dt = Math.max(1, now - t.at);
            t.vy = 0.8 * ((p[1] - t.y) / dt) + 0.2 * (t.vy || 0);
            t.at = now;
          }
          t.x = p[0]; t.y = p[1];
          TM.requestFrame();
          return;
        }
        TM.pointer(0, e, 0);
      });
      var up = function(e) {
        if (!e.isPrimary) return;
        var t = TM.touch;
        if (t && t.id === e.pointerId) {
          TM.touch = null;
          if (t.scrolling) {
            if (Math.abs(t.vy) > 0.15 && performance.now() - t.at < 150) TM.startFling(t.x, t.y, t.vy);
            return;
          }
        }
        TM.pointer(e.type === 'pointercancel' ? 3 : 2, e, e.button < 0 ? 0 : e.button);
        if (e.pointerType !== 'mouse') _telemed_on_pointer(4, 0, 0, 0);  // no hover without a finger
      };
      c.addEventListener('pointerup', up);
      c.addEventListener('pointercancel', up);
      c.addEventListener('pointerleave', function(e) {
        if (e.pointerType === 'mouse') { _telemed_on_pointer(0, -1e6, -1e6, 0); TM.requestFrame(); }
      });
      c.addEventListener('mousedown', function(e) { e.preventDefault(); });
      c.addEventListener('contextmenu', function(e) { e.preventDefault(); });
      c.addEventListener('wheel', function(e) {
        // CSS px, content moving with positive values (C++ converts to ImGui wheel units).
        var unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? c.clientHeight : 1;
        var p = TM.pos(e);
        _telemed_on_wheel(p[0], p[1], -e.deltaX * unit, -e.deltaY * unit);
        TM.requestFrame();
        e.preventDefault();
      }, {passive: false});

      var key = function(e) {
        var code = TM.keyCode(e.key);
        if (!code) return;
        // Inside the accessibility layer the DOM does the work: typing and caret in <input>s, Enter and
        // Space activate buttons, Tab moves focus. Only Escape reaches ImGui from there.
        var t = e.target;
        if (TelemedA11y.root && TelemedA11y.root.contains(t) && code !== 15) return;
        _telemed_on_key(code, e.type === 'keydown' ? 1 : 0, TM.mods(e));
        TM.requestFrame();
      };
      document.addEventListener('keydown', key);
      document.addEventListener('keyup', key);
      window.addEventListener('blur', function() { _telemed_on_pointer(2, -1e6, -1e6, 0); TM.requestFrame(); });

      window.addEventListener('resize', TM.requestFrame);
      if (window.visualViewport) window.visualViewport.addEventListener('resize', TM.requestFrame);
      // devicePixelRatio changes (zoom, moving to another monitor) do not always fire resize.
      var watchDpr = function() {
        var mq = matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
        mq.addEventListener('change', function() { TM.requestFrame(); watchDpr(); }, {once: true});
      };
      watchDpr();
      document.addEventListener('visibilitychange', TM.requestFrame);
    },
  },

  // [frame loop] ------------------------------------------------------------------------------------
  telemed_js_init__deps: ['$TM', '$TelemedA11y'],
  telemed_js_init: function() {
    TM.canvas = Module['canvas'] || document.getElementById('canvas');
    TM.installInput();
    TelemedA11y.install(TM);
  },

  telemed_request_frame__deps: ['$TM'],
  telemed_request_frame: function() { TM.requestFrame(); },

  // Network events are handled in a task of their own, right away, not in the next animation frame:
  // a call's offer/answer/candidate exchange would otherwise wait for rendering at every step (and
  // rendering is slow on software GL). A MessageChannel task is not clamped like setTimeout(0).
  telemed_request_poll__deps: ['$TM'],
  telemed_request_poll: function() {
    if (TM.pollPending) return;
    TM.pollPending = true;
    if (!TM.pollChannel) {
      TM.pollChannel = new MessageChannel();
      TM.pollChannel.port1.onmessage = function() {
        TM.pollPending = false;
        if (_telemed_on_poll()) TM.requestFrame();
      };
    }
    TM.pollChannel.port2.postMessage(0);
  },

  telemed_request_frame_in__deps: ['$TM'],
  telemed_request_frame_in: function(ms) {
    // Every deadline is kept and one timer runs for the earliest. Keeping only the earliest lost the
    // later ones: "… is typing" (a frame in 6 s) stayed on screen for good when a reconnect had asked
    // for a frame in 1 s first. At most 16 are kept (the earliest), which a frame's few timers never reach.
    var now = performance.now(), due = now + Math.max(0, ms);
    TM.dues = (TM.dues || []).filter(function(d) { return d > now; });
    // The same moment asked again (each frame asking for the next second of a clock): kept once, so
    // one frame does not leave several behind it that each ask again.
    if (TM.dues.some(function(d) { return Math.abs(d - due) < 4; })) return;
    TM.dues.push(due);
    TM.dues.sort(function(a, b) { return a - b; });
    if (TM.dues.length > 16) TM.dues.length = 16;
    if (TM.timer && TM.timerDue <= TM.dues[0]) return;
    if (TM.timer) clearTimeout(TM.timer);
    var arm = function() {
      TM.timerDue = TM.dues[0];
      TM.timer = setTimeout(function() {
        TM.timer = 0;
        var t = performance.now();
        TM.dues = TM.dues.filter(function(d) { return d > t + 1; });  // this one (and any due with it) is done
        TM.requestFrame();
        if (TM.dues.length) arm();
      }, Math.max(0, TM.dues[0] - performance.now()));
    };
    arm();
  },

  telemed_now_ms: function() { return performance.now(); },

  // Canvas CSS size, devicePixelRatio and the safe-area insets (notch, home indicator: CSS env() read
  // through a probe element in shell/style.css), written as seven doubles.
  telemed_viewport__deps: ['$TM'],
  telemed_viewport: function(out) {
    var c = TM.canvas, i = out >> 3;
    HEAPF64[i] = c.clientWidth;
    HEAPF64[i + 1] = c.clientHeight;
    HEAPF64[i + 2] = window.devicePixelRatio || 1;
    var probe = document.getElementById('safe-area');
    var s = probe ? getComputedStyle(probe) : null;
    HEAPF64[i + 3] = s ? parseFloat(s.paddingTop) || 0 : 0;
    HEAPF64[i + 4] = s ? parseFloat(s.paddingRight) || 0 : 0;
    HEAPF64[i + 5] = s ? parseFloat(s.paddingBottom) || 0 : 0;
    HEAPF64[i + 6] = s ? parseFloat(s.paddingLeft) || 0 : 0;
  },

  // ImGuiMouseCursor_ values -> CSS cursors.
  telemed_set_cursor__deps: ['$TM'],
  telemed_set_cursor: function(c) {
    var names = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize', 'pointer',
                 'not-allowed'];
    TM.canvas.style.cursor = c < 0 ? 'none' : (names[c] || 'default');
  },

  // First interactive screen drawn: tests measure load -> interactive with this.
  telemed_mark_ready: function() {
    if (window.telemedReady) return;
    window.telemedReady = true;
    document.body.setAttribute('data-ready', 'true');
    var loading = document.getElementById('loading');
    if (loading) loading.hidden = true;
  },

  // [page] ------------------------------------------------------------------------------------------
  telemed_query_has: function(key) {
    return new URLSearchParams(location.search).has(UTF8ToString(key)) ? 1 : 0;
  },

  telemed_query_value__deps: ['$TM'],
  telemed_query_value: function(key, buf, cap) {
    return TM.writeString(new URLSearchParams(location.search).get(UTF8ToString(key)) || '', buf, cap);
  },

  telemed_origin__deps: ['$TM'],
  telemed_origin: function(buf, cap) { return TM.writeString(location.origin, buf, cap); },

  telemed_websocket_url__deps: ['$TM'],
  telemed_websocket_url: function(buf, cap) {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    return TM.writeString(scheme + location.host + '/ws', buf, cap);
  },

  telemed_time_zone__deps: ['$TM'],
  telemed_time_zone: function(buf, cap) {
    var tz = 'UTC';
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) {}
    return TM.writeString(tz, buf, cap);
  },

  telemed_set_title: function(title) { document.title = UTF8ToString(title); },

  // Presence (src/platform/activity.h): the Page Visibility API and the time of the last input. The
  // first call starts listening; a visibility change asks for a poll (a hidden tab gets no frames, and
  // its "away" must still go out).
  $TMActivity__deps: ['telemed_request_poll'],
  $TMActivity: {
    watching: false,
    lastInput: 0,
    // Touch until a mouse or pen says otherwise: a phone's first frame must not hide its call controls.
    touch: typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches,
    watch: function() {
      if (TMActivity.watching) return;
      TMActivity.watching = true;
      var seen = function() { TMActivity.lastInput = performance.now(); };
      ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'].forEach(function(name) {
        document.addEventListener(name, seen, {capture: true, passive: true});
      });
      ['pointerdown', 'pointermove'].forEach(function(name) {
        document.addEventListener(name, function(e) { TMActivity.touch = e.pointerType === 'touch'; }, {capture: true, passive: true});
      });
      document.addEventListener('visibilitychange', function() { _telemed_request_poll(); });
    },
  },
  telemed_page_hidden__deps: ['$TMActivity'],
  telemed_page_hidden: function() {
    TMActivity.watch();
    return document.visibilityState === 'hidden' ? 1 : 0;
  },
  telemed_last_input_ms__deps: ['$TMActivity'],
  telemed_last_input_ms: function() {
    TMActivity.watch();
    return TMActivity.lastInput;
  },

  telemed_touch_input__deps: ['$TMActivity'],
  telemed_touch_input: function() {
    TMActivity.watch();
    return TMActivity.touch ? 1 : 0;
  },

  // Full screen (the call): the request follows the press that asked for it within the browser's
  // transient-activation window (the press is handled in the next frame). A change asks for a frame.
  telemed_fullscreen__deps: ['$TM'],
  telemed_fullscreen: function() {
    if (!TM.fullscreenWatch) {
      TM.fullscreenWatch = true;
      document.addEventListener('fullscreenchange', function() { TM.requestFrame(); });
    }
    return document.fullscreenElement ? 1 : 0;
  },
  telemed_set_fullscreen: function(on) {
    var d = document;
    if (on && !d.fullscreenElement && d.documentElement.requestFullscreen) d.documentElement.requestFullscreen().catch(function() {});
    if (!on && d.fullscreenElement && d.exitFullscreen) d.exitFullscreen().catch(function() {});
  },
  telemed_fullscreen_supported: function() { return document.fullscreenEnabled ? 1 : 0; },

  // A link from a message: a new tab with no window.opener and no Referer (the app's URL stays private).
  telemed_open_url: function(url) { window.open(UTF8ToString(url), '_blank', 'noopener,noreferrer'); },

  // navigator.onLine; the first call starts listening to online/offline, each of which asks for a frame.
  telemed_network_online__deps: ['$TM'],
  telemed_network_online: function() {
    if (!TM.netWatch) {
      TM.netWatch = true;
      window.addEventListener('online', function() { TM.requestFrame(); });
      window.addEventListener('offline', function() { TM.requestFrame(); });
    }
    return navigator.onLine === false ? 0 : 1;
  },

  // The screen's own URL: the fragment (#/messages/12), so a reload or a link opens the same screen with
  // the server's plain static files. The first read starts listening to Back/Forward (popstate), each
  // of which asks for a frame; writes push a history entry (or replace the current one).
  telemed_location_hash__deps: ['$TM'],
  telemed_location_hash: function(buf, cap) {
    if (!TM.hashWatch) {
      TM.hashWatch = true;
      window.addEventListener('popstate', function() { TM.requestFrame(); });
      window.addEventListener('hashchange', function() { TM.requestFrame(); });
    }
    return TM.writeString(location.hash || '', buf, cap);
  },
  telemed_set_location_hash: function(hash, replace) {
    var h = UTF8ToString(hash);
    var url = location.pathname + location.search + h;
    if ((location.hash || '') === h) return;
    try {
      if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
    } catch (e) { /* sandboxed pages: the URL stays as it is */ }
  },

  // [storage + clipboard] ---------------------------------------------------------------------------
  telemed_storage_get__deps: ['$TM'],
  telemed_storage_get: function(key, buf, cap) {
    try { return TM.writeString(sessionStorage.getItem(UTF8ToString(key)), buf, cap); } catch (e) { return -1; }
  },
  telemed_storage_set: function(key, value) {
    try { sessionStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
  },
  telemed_storage_remove: function(key) {
    try { sessionStorage.removeItem(UTF8ToString(key)); } catch (e) {}
  },

  telemed_local_get__deps: ['$TM'],
  telemed_local_get: function(key, buf, cap) {
    try { return TM.writeString(localStorage.getItem(UTF8ToString(key)), buf, cap); } catch (e) { return -1; }
  },
  telemed_local_set: function(key, value) {
    try { localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
  },
  // The device's dark mode, watched once: a change draws the next frame in the other theme.
  telemed_system_prefers_dark__deps: ['$TM'],
  telemed_system_prefers_dark: function() {
    if (!TM.darkQuery) {
      if (!window.matchMedia) return 0;
      TM.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
      var ask = function() { TM.requestFrame(); };
      if (TM.darkQuery.addEventListener) TM.darkQuery.addEventListener('change', ask);
      else if (TM.darkQuery.addListener) TM.darkQuery.addListener(ask);
    }
    return TM.darkQuery.matches ? 1 : 0;
  },

  telemed_copy_to_clipboard: function(text) {
    var s = UTF8ToString(text);
    var fallback = function() {
      var ta = document.createElement('textarea');
      ta.value = s;
      ta.setAttribute('readonly', '');
      ta.className = 'clipboard-helper';
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand('copy'); } catch (e) {}
      ta.remove();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(s).catch(fallback);
    } else {
      fallback();
    }
  },

  // [assets] ----------------------------------------------------------------------------------------
  // Files published beside the app, fetched when first needed (platform/assets.h) under the hashed names
  // shell/boot.js knows. A finished fetch waits in a queue for the next frame to take it.
  $TMAssets: {queue: []},

  telemed_asset_fetch__deps: ['$TMAssets', '$TM'],
  telemed_asset_fetch: function(nameC) {
    var name = UTF8ToString(nameC);
    function done(bytes) {
      TMAssets.queue.push({name: name, bytes: bytes});
      TM.requestFrame();
    }
    // Only files this build published (a zone name typed by someone names no pack): nothing to ask for.
    var url = window.telemedAssetUrl ? window.telemedAssetUrl(name) : name;
    if (url === name) { setTimeout(function() { done(null); }, 0); return; }
    fetch(url, {credentials: 'same-origin'})
      .then(function(r) { return r.ok ? r.arrayBuffer() : null; })
      .then(function(buf) { done(buf ? new Uint8Array(buf) : null); }, function() { done(null); });
  },

  telemed_asset_next__deps: ['$TMAssets'],
  telemed_asset_next: function(nameBytesOut, failedOut) {
    var a = TMAssets.queue[0];
    if (!a) return -1;
    HEAP32[nameBytesOut >> 2] = lengthBytesUTF8(a.name);
    HEAP32[failedOut >> 2] = a.bytes ? 0 : 1;
    return a.bytes ? a.bytes.length : 0;
  },

  telemed_asset_take__deps: ['$TMAssets'],
  telemed_asset_take: function(data, name) {
    var a = TMAssets.queue.shift();
    if (!a) return;
    if (a.bytes) HEAPU8.set(a.bytes, data);
    stringToUTF8(a.name, name, lengthBytesUTF8(a.name) + 1);
  },
});
