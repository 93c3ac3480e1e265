// Browser media and WebRTC for video calls (an Emscripten --js-library), the JS half of
// src/platform/rtc.h and src/platform/media_view.h.
//
// - One handle table for every browser object C++ owns: streams (camera/mic, screen, remote),
//   peer connections, recorders, <video> views. Handles are never reused, so a stale handle is
//   simply unknown.
// - Late callbacks are dropped: every async continuation and event listener first checks that its
//   handle is still in the table (closing or releasing removes it), so nothing reaches C++ after the
//   owning object was destroyed.
// - Errors cross as an integer code (TelemedRtc.ERR, same numbers as platform::rtc::ErrorCode) plus
//   the browser's message.
// - Two layers: TelemedRtc holds the logic with plain JS values and JS callbacks; the telemed_rtc_*
//   functions at the bottom only convert C pointers, strings and function pointers. Tests drive the
//   JS layer through window.telemedRtc (see [test hook]), so they exercise the same code as C++.
//
// Sections: [table + errors] [capture] [streams] [peer connections] [stats] [recorder] [tone]
//           [views] [test hook] [C entry points]

// The test hook (and so the whole JS layer) is part of app.js even before any C++ code calls into
// it: tests/e2e/rtc_layer.test.mjs needs it in a page that has no call screen yet.
DEFAULT_LIBRARY_FUNCS_TO_INCLUDE.push('$TelemedRtc');

mergeInto(LibraryManager.library, {
  $TelemedRtc__postset: 'TelemedRtc.init();',
  $TelemedRtc: {
    objects: null,  // handle -> entry {type: 'stream'|'pc'|'recorder'|'view', ...}; a Map, made in init()
    nextHandle: 1,
    audioCtx: null, // one shared AudioContext (level meters, test tone)
    frame: 0,       // view frame counter (beginFrame/endFrame)

    init: function() {
      TelemedRtc.objects = new Map();
      if (typeof window !== 'undefined') window['telemedRtc'] = TelemedRtc.testApi();
    },

    // [table + errors] ------------------------------------------------------------------------------
    // Keep in sync with platform::rtc::ErrorCode (src/platform/rtc.h).
    ERR: {ok: 0, permission_denied: 1, not_found: 2, device_in_use: 3, overconstrained: 4,
          not_supported: 5, invalid_state: 6, closed: 7, unknown: 8},

    add: function(entry) {
      var h = TelemedRtc.nextHandle++;
      TelemedRtc.objects.set(h, entry);
      return h;
    },
    // The entry of a live handle of this type, else null (released, closed, or never existed).
    get: function(h, type) {
      var e = TelemedRtc.objects.get(h);
      return e && e.type === type ? e : null;
    },
    // True while `entry` is still the live object of handle h: the late-callback guard.
    alive: function(h, entry) { return TelemedRtc.objects.get(h) === entry; },

    errorCode: function(err) {
      var E = TelemedRtc.ERR;
      switch (err && err.name) {
        case 'NotAllowedError': case 'SecurityError': case 'PermissionDeniedError': return E.permission_denied;
        case 'NotFoundError': case 'DevicesNotFoundError': return E.not_found;
        case 'NotReadableError': case 'TrackStartError': case 'AbortError': return E.device_in_use;
        // A vanished exact deviceId is reported as an unsatisfiable constraint: that is "not found".
        case 'OverconstrainedError': return err.constraint === 'deviceId' ? E.not_found : E.overconstrained;
        case 'NotSupportedError': case 'TypeError': return E.not_supported;
        case 'InvalidStateError': case 'InvalidAccessError': case 'InvalidModificationError':
        case 'OperationError': case 'SyntaxError': return E.invalid_state;
      }
      return E.unknown;
    },
    errorMessage: function(err) {
      if (!err) return '';
      return (err.name ? err.name + ': ' : '') + (err.message || String(err));
    },

    // [capture] -------------------------------------------------------------------------------------
    // done(handle, code, message): handle > 0 on success. The stream is "local": releasing it stops
    // its tracks (camera light off).
    getUserMedia: function(opts, done) {
      var T = TelemedRtc;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        setTimeout(function() { done(0, T.ERR.not_supported, 'getUserMedia is not available (insecure origin?)'); });
        return;
      }
      var audio = opts.audio ? (opts.audioDeviceId ? {deviceId: {exact: opts.audioDeviceId}} : true) : false;
      var video = false;
      if (opts.video) {
        video = {width: {ideal: 1280}, height: {ideal: 720}};
        if (opts.videoDeviceId) video.deviceId = {exact: opts.videoDeviceId};
      }
      navigator.mediaDevices.getUserMedia({audio: audio, video: video}).then(function(stream) {
        done(T.addStream(stream, true), 0, '');
      }, function(err) {
        done(0, T.errorCode(err), T.errorMessage(err));
      });
    },

    // done(code, list): list = [{kind, deviceId, label}]; labels are empty until a permission was granted.
    enumerateDevices: function(done) {
      var T = TelemedRtc;
      if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) {
        setTimeout(function() { done(T.ERR.not_supported, [], 'enumerateDevices is not available'); });
        return;
      }
      navigator.mediaDevices.enumerateDevices().then(function(list) {
        done(0, list.map(function(d) { return {kind: d.kind, deviceId: d.deviceId, label: d.label}; }), '');
      }, function(err) {
        done(T.errorCode(err), [], T.errorMessage(err));
      });
    },

    // Screen sharing. The user can stop it from the browser's own bar: that ends the video track,
    // which reaches C++ as a stream event (on_track_ended).
    getDisplayMedia: function(done) {
      var T = TelemedRtc;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia) {
        setTimeout(function() { done(0, T.ERR.not_supported, 'Screen sharing is not available in this browser'); });
        return;
      }
      navigator.mediaDevices.getDisplayMedia({video: true, audio: false}).then(function(stream) {
        // Text and slides: keep them sharp rather than smooth when bandwidth is short.
        stream.getVideoTracks().forEach(function(t) { if ('contentHint' in t) t.contentHint = 'detail'; });
        done(T.addStream(stream, true), 0, '');
      }, function(err) {
        done(0, T.errorCode(err), T.errorMessage(err));
      });
    },

    // [streams] -------------------------------------------------------------------------------------
    addStream: function(stream, local, owner) {
      var T = TelemedRtc;
      var entry = {type: 'stream', stream: stream, local: local, owner: owner || 0, onEvent: null,
                   stopping: false, analyser: null, source: null, samples: null, watched: []};
      var h = T.add(entry);
      T.watchTracks(h, entry);
      // Remote streams grow: tracks arrive one ontrack at a time.
      stream.addEventListener('addtrack', function() { if (T.alive(h, entry)) T.watchTracks(h, entry); });
      return h;
    },

    // "ended" fires only when the browser ends a track (device unplugged, permission revoked, the
    // user pressed "Stop sharing"), never for our own stop(): exactly what C++ must hear about.
    watchTracks: function(h, entry) {
      var T = TelemedRtc;
      entry.stream.getTracks().forEach(function(track) {
        if (entry.watched.indexOf(track) >= 0) return;
        entry.watched.push(track);
        track.addEventListener('ended', function() {
          if (!T.alive(h, entry) || entry.stopping || !entry.onEvent) return;
          entry.onEvent(track.kind, 'ended');
        });
      });
    },

    // onEvent(kind, 'ended') or null.
    streamListen: function(h, onEvent) {
      var e = TelemedRtc.get(h, 'stream');
      if (e) e.onEvent = onEvent;
    },

    tracksOf: function(e, kind) {
      return kind === 'audio' ? e.stream.getAudioTracks() : e.stream.getVideoTracks();
    },

    // Mute / camera off without renegotiation: a disabled track keeps its sender and sends silence or
    // black frames at a trickle.
    streamSetEnabled: function(h, kind, on) {
      var e = TelemedRtc.get(h, 'stream');
      if (!e) return false;
      TelemedRtc.tracksOf(e, kind).forEach(function(t) { t.enabled = !!on; });
      return true;
    },

    // 0: no live track of this kind, 1: live and enabled, 2: live and disabled.
    streamTrackState: function(h, kind) {
      var e = TelemedRtc.get(h, 'stream');
      if (!e) return 0;
      var live = TelemedRtc.tracksOf(e, kind).filter(function(t) { return t.readyState === 'live'; });
      if (!live.length) return 0;
      return live.some(function(t) { return t.enabled; }) ? 1 : 2;
    },

    streamStop: function(h) {
      var e = TelemedRtc.get(h, 'stream');
      if (!e) return;
      e.stopping = true;
      e.stream.getTracks().forEach(function(t) { t.stop(); });
    },

    // The C++ MediaStream is gone. Captured streams are stopped; remote ones belong to their peer
    // connection and just leave the table. Views showing the stream go blank.
    streamRelease: function(h) {
      var T = TelemedRtc, e = T.get(h, 'stream');
      if (!e) return;
      if (e.local) T.streamStop(h);
      if (e.cleanup) e.cleanup();  // a synthetic stream's timers and oscillators
      if (e.source) { try { e.source.disconnect(); } catch (err) {} }
      if (e.compose) e.compose.stop();
      T.objects.delete(h);
      T.objects.forEach(function(v) {
        if (v.type === 'view' && v.stream === h) { v.el.srcObject = null; v.stream = 0; }
      });
    },

    // A new camera or microphone in place of the old one, in the same stream (so views and meters
    // follow): the `kind` track of stream fromH moves into stream toH, whose old track of that kind is
    // stopped; the moved track keeps the old one's enabled state. Returns true when a track moved.
    streamTakeTrack: function(toH, fromH, kind) {
      var T = TelemedRtc, to = T.get(toH, 'stream'), from = T.get(fromH, 'stream');
      if (!to || !from) return false;
      var track = T.tracksOf(from, kind).filter(function(t) { return t.readyState === 'live'; })[0];
      if (!track) return false;
      var old = T.tracksOf(to, kind);
      track.enabled = old.length ? old[0].enabled : true;
      from.stream.removeTrack(track);
      old.forEach(function(t) { to.stream.removeTrack(t); t.stop(); });
      to.stream.addTrack(track);
      T.watchTracks(toH, to);
      if (kind === 'audio' && to.source) {  // the meter's source was bound to the old track
        try { to.source.disconnect(); } catch (err) {}
        to.source = null; to.analyser = null;
      }
      if (kind === 'video') {
        T.objects.forEach(function(v, vh) {
          if (v.type === 'view' && v.stream === toH) { v.el.srcObject = null; v.el.srcObject = to.stream; T.viewPlay(vh, v); }
        });
      }
      return true;
    },

    // The offline demo's simulated doctor: an animated canvas (a friendly avatar, the name, a clock)
    // at 15 fps and a soft speech-like tone from Web Audio, as one local stream. Returns its handle, 0
    // when the browser cannot capture a canvas. Released, its timers and oscillator stop.
    syntheticStream: function(name) {
      var T = TelemedRtc;
      var canvas = document.createElement('canvas');
      canvas.width = 640; canvas.height = 360;
      if (!canvas.captureStream) return 0;
      var g = canvas.getContext('2d'), t0 = performance.now();
      var stream = canvas.captureStream(15);
      var initials = String(name || '').replace(/^Dr\.?\s*/, '').split(/\s+/).map(function(w) { return w.charAt(0); }).join('').slice(0, 2);
      var draw = function() {
        var t = (performance.now() - t0) / 1000, W = canvas.width, H = canvas.height;
        var bg = g.createLinearGradient(0, 0, W, H);
        bg.addColorStop(0, '#dbeafe'); bg.addColorStop(1, '#e0f2f1');
        g.fillStyle = bg; g.fillRect(0, 0, W, H);
        // A consulting room: a shelf and a plant, so the picture reads as a video, not a slide.
        g.fillStyle = '#c7d2fe'; g.fillRect(0, H * 0.72, W, H * 0.28);
        g.fillStyle = '#94a3b8'; g.fillRect(W * 0.72, H * 0.22, W * 0.2, 8);
        g.fillStyle = '#4ade80'; g.beginPath(); g.arc(W * 0.12, H * 0.6, 26, 0, Math.PI * 2); g.fill();
        // The avatar breathes and sways a little; the mouth moves while "speaking".
        var cx = W / 2 + Math.sin(t * 0.8) * 18, cy = H * 0.47 + Math.sin(t * 1.6) * 4;
        g.fillStyle = '#1e3a8a'; g.beginPath(); g.ellipse(cx, cy + 150, 120, 90, 0, 0, Math.PI * 2); g.fill();
        g.fillStyle = '#ffffff'; g.fillRect(cx - 22, cy + 62, 44, 40);
        g.fillStyle = '#f3c9a5'; g.beginPath(); g.arc(cx, cy, 70, 0, Math.PI * 2); g.fill();
        g.fillStyle = '#3f2a1d'; g.beginPath(); g.arc(cx, cy - 22, 72, Math.PI, 0); g.fill();
        var blink = (t % 4) < 0.15 ? 1 : 6;
        g.fillStyle = '#1f2937';
        g.beginPath(); g.ellipse(cx - 24, cy - 2, 6, blink, 0, 0, Math.PI * 2); g.fill();
        g.beginPath(); g.ellipse(cx + 24, cy - 2, 6, blink, 0, 0, Math.PI * 2); g.fill();
        var mouth = T.synthTalking ? 4 + 6 * Math.abs(Math.sin(t * 9)) : 3;
        g.fillStyle = '#9f1239'; g.beginPath(); g.ellipse(cx, cy + 32, 16, mouth, 0, 0, Math.PI * 2); g.fill();
        g.fillStyle = '#0f172a'; g.font = '600 26px sans-serif'; g.textBaseline = 'top';
        g.fillText(String(name || ''), 20, 18);
        g.font = '18px sans-serif'; g.fillStyle = '#334155';
        g.fillText('Simulated doctor · offline demo · ' + initials, 20, 52);
        g.font = '600 22px monospace'; g.fillStyle = '#0f172a';
        g.fillText(new Date().toLocaleTimeString(), W - 150, H - 40);
      };
      draw();
      var timer = setInterval(draw, 66);
      // Sound: syllables of a low tone with pauses, like someone talking in the next room.
      var ctx = T.context(), osc = null, talk = 0;
      if (ctx) {
        if (ctx.state === 'suspended') ctx.resume().catch(function() {});
        var dest = ctx.createMediaStreamDestination(), gain = ctx.createGain();
        osc = ctx.createOscillator();
        osc.type = 'triangle'; osc.frequency.value = 170; gain.gain.value = 0;
        osc.connect(gain).connect(dest);
        osc.start();
        var phrase = function() {
          var speak = Math.random() < 0.6, now = ctx.currentTime;
          T.synthTalking = speak;
          if (!speak) return;
          for (var i = 0; i < 5; i++) {
            var at = now + i * 0.2, f = 140 + Math.random() * 90;
            osc.frequency.setValueAtTime(f, at);
            gain.gain.setValueAtTime(0, at);
            gain.gain.linearRampToValueAtTime(0.06, at + 0.05);
            gain.gain.linearRampToValueAtTime(0, at + 0.17);
          }
        };
        talk = setInterval(phrase, 1200);
        dest.stream.getAudioTracks().forEach(function(tr) { stream.addTrack(tr); });
      }
      var h = T.addStream(stream, true);
      T.get(h, 'stream').cleanup = function() {
        clearInterval(timer);
        clearInterval(talk);
        T.synthTalking = false;
        if (osc) { try { osc.stop(); } catch (err) {} }
      };
      return h;
    },

    // RMS of the audio track's current samples, 0..1 (a speaking voice is ~0.02..0.3). Polled by the
    // UI each frame while a meter is on screen; the analyser is made on first use.
    audioLevel: function(h) {
      var T = TelemedRtc, e = T.get(h, 'stream');
      if (!e || !e.stream.getAudioTracks().some(function(t) { return t.readyState === 'live'; })) return 0;
      if (!e.analyser) {
        var ctx = T.context();
        if (!ctx) return 0;
        e.source = ctx.createMediaStreamSource(e.stream);
        e.analyser = ctx.createAnalyser();
        e.analyser.fftSize = 1024;
        e.samples = new Float32Array(e.analyser.fftSize);
        e.source.connect(e.analyser);  // not to the speakers: metering only
      }
      if (T.audioCtx.state === 'suspended') T.audioCtx.resume().catch(function() {});
      e.analyser.getFloatTimeDomainData(e.samples);
      var sum = 0;
      for (var i = 0; i < e.samples.length; i++) sum += e.samples[i] * e.samples[i];
      return Math.min(1, Math.sqrt(sum / e.samples.length));
    },

    context: function() {
      var T = TelemedRtc;
      if (!T.audioCtx) {
        var C = window.AudioContext || window.webkitAudioContext;
        if (!C) return null;
        T.audioCtx = new C();
      }
      return T.audioCtx;
    },

    // [peer connections] ----------------------------------------------------------------------------
    // config: RTCConfiguration as JSON text ({"iceServers": [...]}) or an object.
    // onEvent(type, a, b): ('icecandidate', json | '' at the end of gathering), ('negotiationneeded'),
    // ('track', streamHandle, kind), ('connectionstatechange', state), ('iceconnectionstatechange', state).
    // Returns {handle} or {code, message} when the browser refuses the configuration.
    pcCreate: function(config, onEvent) {
      var T = TelemedRtc, pc;
      try {
        pc = new RTCPeerConnection(typeof config === 'string' ? (config ? JSON.parse(config) : {}) : config || {});
      } catch (err) {
        return {handle: 0, code: typeof RTCPeerConnection === 'undefined' ? T.ERR.not_supported : T.errorCode(err),
                message: T.errorMessage(err)};
      }
      var entry = {type: 'pc', pc: pc, onEvent: onEvent, senders: {}, remote: new Map(), loose: null, prev: null};
      var h = T.add(entry);
      var emit = function(type, a, b) { if (T.alive(h, entry)) entry.onEvent(type, a, b); };
      pc.onicecandidate = function(e) { emit('icecandidate', e.candidate ? JSON.stringify(e.candidate.toJSON()) : ''); };
      pc.onnegotiationneeded = function() { emit('negotiationneeded'); };
      pc.onconnectionstatechange = function() { emit('connectionstatechange', pc.connectionState); };
      pc.oniceconnectionstatechange = function() { emit('iceconnectionstatechange', pc.iceConnectionState); };
      pc.ontrack = function(e) {
        if (!T.alive(h, entry)) return;
        // A track sent without a stream goes into one stream of our own, so C++ always gets a stream.
        var stream = e.streams[0];
        if (!stream) {
          if (!entry.loose) entry.loose = new MediaStream();
          entry.loose.addTrack(e.track);
          stream = entry.loose;
        }
        var sh = entry.remote.get(stream.id);
        if (!sh) {
          sh = T.addStream(stream, false, h);
          entry.remote.set(stream.id, sh);
        }
        emit('track', sh, e.track.kind);
      };
      return {handle: h, code: 0, message: ''};
    },

    // Adds every track of a stream. A kind that already has a sender gets its track replaced instead,
    // so calling this again (a new camera) needs no renegotiation. Returns an error code.
    pcAddStream: function(h, streamHandle) {
      var T = TelemedRtc, e = T.get(h, 'pc'), s = T.get(streamHandle, 'stream');
      if (!e || !s) return T.ERR.closed;
      try {
        s.stream.getTracks().forEach(function(track) {
          var sender = e.senders[track.kind];
          if (sender) sender.replaceTrack(track).catch(function() {});
          else e.senders[track.kind] = e.pc.addTrack(track, s.stream);
        });
      } catch (err) {
        return T.errorCode(err);
      }
      return 0;
    },

    // Sends the `kind` track of another stream (switch camera/mic, start/stop screen share) without
    // renegotiation; streamHandle 0 sends nothing. A kind never sent before needs a new sender: it is
    // added, and negotiationneeded follows. done(code, message).
    pcReplaceTrack: function(h, kind, streamHandle, done) {
      var T = TelemedRtc, e = T.get(h, 'pc');
      var s = streamHandle ? T.get(streamHandle, 'stream') : null;
      if (!e || (streamHandle && !s)) {
        setTimeout(function() { if (!e || T.alive(h, e)) done(T.ERR.closed, e ? 'stream released' : 'peer connection closed'); });
        return;
      }
      var track = s ? T.tracksOf(s, kind)[0] || null : null;
      var sender = e.senders[kind];
      if (!sender) {
        if (track) {
          try { e.senders[kind] = e.pc.addTrack(track, s.stream); } catch (err) { done(T.errorCode(err), T.errorMessage(err)); return; }
        }
        setTimeout(function() { if (T.alive(h, e)) done(0, ''); });
        return;
      }
      sender.replaceTrack(track).then(function() {
        if (T.alive(h, e)) done(0, '');
      }, function(err) {
        if (T.alive(h, e)) done(T.errorCode(err), T.errorMessage(err));
      });
    },

    // Runs promise-returning pc work; done(code, result or message) only while the connection is alive.
    pcOp: function(h, work, done) {
      var T = TelemedRtc, e = T.get(h, 'pc');
      if (!e) { setTimeout(function() { done(T.ERR.closed, 'peer connection closed'); }); return; }
      var p;
      try { p = Promise.resolve(work(e.pc, e)); } catch (err) { p = Promise.reject(err); }
      p.then(function(text) {
        if (T.alive(h, e)) done(0, text || '');
      }, function(err) {
        if (T.alive(h, e)) done(T.errorCode(err), T.errorMessage(err));
      });
    },

    descJson: function(d) { return JSON.stringify({type: d.type, sdp: d.sdp}); },

    pcCreateOffer: function(h, iceRestart, done) {
      TelemedRtc.pcOp(h, function(pc) {
        return pc.createOffer({iceRestart: !!iceRestart}).then(TelemedRtc.descJson);
      }, done);
    },
    pcCreateAnswer: function(h, done) {
      TelemedRtc.pcOp(h, function(pc) { return pc.createAnswer().then(TelemedRtc.descJson); }, done);
    },
    // json '' lets the browser create the offer or answer itself (perfect negotiation); done gets the
    // description that was set.
    pcSetLocalDescription: function(h, json, done) {
      TelemedRtc.pcOp(h, function(pc) {
        return (json ? pc.setLocalDescription(JSON.parse(json)) : pc.setLocalDescription()).then(function() {
          return pc.localDescription ? TelemedRtc.descJson(pc.localDescription) : '';
        });
      }, done);
    },
    pcSetRemoteDescription: function(h, json, done) {
      TelemedRtc.pcOp(h, function(pc) { return pc.setRemoteDescription(JSON.parse(json)); }, done);
    },
    // json '' marks the end of the remote candidates.
    pcAddIceCandidate: function(h, json, done) {
      TelemedRtc.pcOp(h, function(pc) { return pc.addIceCandidate(json ? JSON.parse(json) : null); }, done);
    },
    // New ICE credentials on the next offer (network change): negotiationneeded follows.
    pcRestartIce: function(h) {
      var e = TelemedRtc.get(h, 'pc');
      if (e && e.pc.restartIce) e.pc.restartIce();
    },

    pcClose: function(h) {
      var T = TelemedRtc, e = T.get(h, 'pc');
      if (!e) return;
      T.objects.delete(h);  // first: nothing the close itself triggers reaches C++
      e.remote.forEach(function(sh) { T.streamRelease(sh); });
      try { e.pc.close(); } catch (err) {}
    },

    // [stats] ---------------------------------------------------------------------------------------
    // done(code, summary): {rtt_ms, packet_loss, inbound_video_bitrate_kbps, outbound_video_bitrate_kbps,
    // frames_decoded, frames_per_second, audio_level}. Bitrates and loss are over the interval since
    // the previous getStats of this connection (the first call: loss since the start, bitrates 0), so
    // poll at a steady pace (e.g. every 1-2 s). rtt_ms is -1 until the selected candidate pair has one.
    pcGetStats: function(h, done) {
      var T = TelemedRtc;
      T.pcOp(h, function(pc, e) {
        return pc.getStats().then(function(report) { return T.summarize(e, report); });
      }, done);
    },

    summarize: function(e, report) {
      var pairId = null;
      report.forEach(function(r) { if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId; });
      var now = {t: performance.now(), inBytes: 0, outBytes: 0, lost: 0, received: 0, frames: 0};
      var s = {rtt_ms: -1, packet_loss: 0, inbound_video_bitrate_kbps: 0, outbound_video_bitrate_kbps: 0,
               frames_decoded: 0, frames_per_second: 0, audio_level: 0, bandwidth_limited: false};
      var fps = null;
      report.forEach(function(r) {
        if (r.type === 'candidate-pair' && r.currentRoundTripTime !== undefined &&
            (pairId ? r.id === pairId : r.nominated && r.state === 'succeeded')) {
          s.rtt_ms = r.currentRoundTripTime * 1000;
        } else if (r.type === 'inbound-rtp') {
          now.lost += Math.max(0, r.packetsLost || 0);
          now.received += r.packetsReceived || 0;
          if (r.kind === 'video') {
            now.inBytes += r.bytesReceived || 0;
            now.frames += r.framesDecoded || 0;
            if (r.framesPerSecond !== undefined) fps = (fps || 0) + r.framesPerSecond;
          } else if (r.kind === 'audio' && r.audioLevel !== undefined) {
            s.audio_level = Math.max(s.audio_level, r.audioLevel);
          }
        } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
          now.outBytes += r.bytesSent || 0;
          if (r.qualityLimitationReason === 'bandwidth') s.bandwidth_limited = true;
        }
      });
      var p = e.prev || {t: now.t, inBytes: now.inBytes, outBytes: now.outBytes, lost: 0, received: 0, frames: now.frames};
      var sec = (now.t - p.t) / 1000;
      var lost = now.lost - p.lost, got = now.received - p.received;
      s.packet_loss = lost > 0 && lost + got > 0 ? lost / (lost + got) : 0;
      if (sec > 0) {
        s.inbound_video_bitrate_kbps = Math.max(0, now.inBytes - p.inBytes) * 8 / 1000 / sec;
        s.outbound_video_bitrate_kbps = Math.max(0, now.outBytes - p.outBytes) * 8 / 1000 / sec;
      }
      s.frames_decoded = now.frames;
      // Chrome reports framesPerSecond only while frames arrive; otherwise derive it.
      s.frames_per_second = fps !== null ? fps : sec > 0 ? Math.max(0, now.frames - p.frames) / sec : 0;
      e.prev = now;
      return s;
    },

    // [recorder] ------------------------------------------------------------------------------------
    // onChunk(Uint8Array) every timesliceMs; onStop(code, message) once at the end (code 0: stopped
    // normally, also when the stream's tracks ended). Chunks and the stop are delivered in order.
    // Returns {handle, mimeType} or {handle: 0, code, message}.
    recorderStart: function(streamHandle, mimeType, timesliceMs, onChunk, onStop) {
      var T = TelemedRtc, s = T.get(streamHandle, 'stream');
      if (!s) return {handle: 0, code: T.ERR.closed, message: 'stream released'};
      if (typeof MediaRecorder === 'undefined') return {handle: 0, code: T.ERR.not_supported, message: 'MediaRecorder is not available'};
      // Chosen here rather than left to the browser: MediaRecorder only tells its choice once
      // recording has started, and C++ wants it at once (file name, upload type).
      if (!mimeType) {
        var video = s.stream.getVideoTracks().length > 0;
        var prefs = video ? ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4']
                          : ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'];
        mimeType = prefs.filter(function(m) { return MediaRecorder.isTypeSupported(m); })[0] || '';
      }
      var rec;
      try {
        rec = new MediaRecorder(s.stream, mimeType ? {mimeType: mimeType} : undefined);
      } catch (err) {
        return {handle: 0, code: T.errorCode(err), message: T.errorMessage(err)};
      }
      var entry = {type: 'recorder', rec: rec, chain: Promise.resolve(), failed: null};
      var h = T.add(entry);
      // Blob -> bytes is async; one promise chain keeps chunks (and the final stop) in order.
      var then = function(f) { entry.chain = entry.chain.then(f).catch(function() {}); };
      rec.ondataavailable = function(ev) {
        if (!ev.data || !ev.data.size) return;
        then(function() {
          return ev.data.arrayBuffer().then(function(buf) { if (T.alive(h, entry)) onChunk(new Uint8Array(buf)); });
        });
      };
      rec.onerror = function(ev) { entry.failed = ev.error || {name: 'UnknownError', message: 'recording failed'}; };
      rec.onstop = function() {
        then(function() {
          if (!T.alive(h, entry)) return;
          if (entry.failed) onStop(T.errorCode(entry.failed), T.errorMessage(entry.failed));
          else onStop(0, '');
        });
      };
      try {
        rec.start(timesliceMs > 0 ? timesliceMs : undefined);
      } catch (err) {
        T.objects.delete(h);
        return {handle: 0, code: T.errorCode(err), message: T.errorMessage(err)};
      }
      return {handle: h, code: 0, message: '', mimeType: rec.mimeType || mimeType};
    },
    recorderStop: function(h) {
      var e = TelemedRtc.get(h, 'recorder');
      if (e && e.rec.state !== 'inactive') e.rec.stop();
    },
    recorderRelease: function(h) {
      TelemedRtc.recorderStop(h);
      TelemedRtc.objects.delete(h);
    },

    // [compositor] ----------------------------------------------------------------------------------
    // A new stream showing `handles` on a canvas (side by side, or a 2x2 grid for three or four; each
    // letterboxed in its cell, labelled with `labels`), with the audio of all of them mixed through Web Audio: what a call recording
    // records. Its entry is a 'stream' (not local) with a `compose` stopper that streamRelease runs.
    // Drawing runs on a timer, not requestAnimationFrame, which stops in a background tab.
    // Returns {handle} or {handle: 0, code, message}.
    composeStart: function(handles, labels, width, height, fps) {
      var T = TelemedRtc;
      var sources = [];
      handles.forEach(function(h, i) {
        var s = T.get(h, 'stream');
        if (s) sources.push({entry: s, label: labels[i] || ''});
      });
      if (!sources.length) return {handle: 0, code: T.ERR.closed, message: 'no stream to record'};
      var canvas = document.createElement('canvas');
      canvas.width = width; canvas.height = height;
      var g = canvas.getContext('2d');
      if (!g || !canvas.captureStream) return {handle: 0, code: T.ERR.not_supported, message: 'canvas capture is not available'};
      // A media stream reaches a canvas only through a <video>; these are never in the page.
      var videos = sources.map(function(src) {
        var v = document.createElement('video');
        v.muted = true; v.playsInline = true; v.autoplay = true;
        v.srcObject = src.entry.stream;
        var p = v.play(); if (p && p.catch) p.catch(function() {});
        return v;
      });
      var out = canvas.captureStream(fps);
      var ctx = T.context(), mix = [], dest = null;
      if (ctx) {
        if (ctx.state === 'suspended' && ctx.resume) ctx.resume().catch(function() {});
        dest = ctx.createMediaStreamDestination();
        dest.stream.getAudioTracks().forEach(function(t) { out.addTrack(t); });
      }
      // Each source's audio goes into the mix; when its tracks change (a microphone switched, a peer's
      // track replaced) the old node is dropped and the new track mixed, so the recording keeps
      // everyone's voice. The recorded stream's own tracks never change (MediaRecorder would stop).
      var remix = function() {
        if (!dest) return;
        sources.forEach(function(src, i) {
          var tracks = src.entry.stream.getAudioTracks().filter(function(t) { return t.readyState === 'live'; });
          var ids = tracks.map(function(t) { return t.id; }).join(',');
          if (mix[i] && mix[i].ids === ids) return;
          if (mix[i]) { try { mix[i].node.disconnect(); } catch (err) {} }
          mix[i] = {ids: ids, node: null};
          if (!tracks.length) return;
          mix[i].node = ctx.createMediaStreamSource(new MediaStream(tracks));
          mix[i].node.connect(dest);
        });
      };
      // One or two people side by side; three or four in a 2x2 grid.
      var draw = function() {
        remix();
        g.fillStyle = '#141a22';
        g.fillRect(0, 0, width, height);
        var n = videos.length, cols = n <= 2 ? n : 2, rows = Math.ceil(n / cols);
        var cw = width / cols, ch = height / rows;
        videos.forEach(function(v, i) {
          var x0 = (i % cols) * cw, y0 = Math.floor(i / cols) * ch;
          var on = sources[i].entry.stream.getVideoTracks().some(function(t) { return t.enabled && t.readyState === 'live'; });
          g.font = '16px sans-serif';
          if (on && v.videoWidth > 0 && v.readyState >= 2) {
            var scale = Math.min(cw / v.videoWidth, ch / v.videoHeight);
            var w = v.videoWidth * scale, h = v.videoHeight * scale;
            g.drawImage(v, x0 + (cw - w) / 2, y0 + (ch - h) / 2, w, h);
          } else {
            g.fillStyle = '#c9d3de';
            g.textAlign = 'center';
            g.fillText(on ? 'Connecting…' : 'Camera off', x0 + cw / 2, y0 + ch / 2);
          }
          var label = sources[i].label;
          if (label) {
            g.textAlign = 'left';
            var tw = g.measureText(label).width;
            g.fillStyle = 'rgba(0, 0, 0, 0.55)';
            g.fillRect(x0 + 8, y0 + ch - 34, tw + 16, 26);
            g.fillStyle = '#ffffff';
            g.fillText(label, x0 + 16, y0 + ch - 15);
          }
        });
      };
      draw();
      var timer = setInterval(draw, Math.max(20, Math.round(1000 / fps)));
      var entry = {type: 'stream', stream: out, local: false, compose: {stop: function() {
        clearInterval(timer);
        mix.forEach(function(m) { if (m && m.node) { try { m.node.disconnect(); } catch (err) {} } });
        videos.forEach(function(v) { v.srcObject = null; });
        out.getTracks().forEach(function(t) { t.stop(); });
      }}};
      return {handle: T.add(entry), code: 0, message: ''};
    },

    // [player] --------------------------------------------------------------------------------------
    // A recording played back: a <video controls> in the media layer at the layout's rectangle. Unlike
    // call views it takes pointer events (its own controls). Source: a URL (the server's signed link)
    // or bytes (the offline demo) turned into a blob: URL, revoked when the player goes.
    playerCreate: function() {
      var T = TelemedRtc;
      var h = T.viewCreate('player-layer');
      var e = T.get(h, 'view');
      e.player = true;
      e.el.autoplay = false;
      e.el.controls = true;
      e.el.preload = 'metadata';
      e.el.className = 'player';
      e.el.removeAttribute('aria-hidden');
      e.el.setAttribute('aria-label', 'Recording');
      return h;
    },
    playerSource: function(h, url, bytes, mime) {
      var e = TelemedRtc.get(h, 'view');
      if (!e) return;
      if (e.blobUrl) { URL.revokeObjectURL(e.blobUrl); e.blobUrl = ''; }
      if (bytes) { e.blobUrl = URL.createObjectURL(new Blob([bytes], {type: mime || 'video/webm'})); url = e.blobUrl; }
      e.el.src = url;
      e.el.load();
    },
    // {ready: readyState >= 2, duration (s, 0 unknown), error: message or ''}
    playerState: function(h) {
      var e = TelemedRtc.get(h, 'view');
      if (!e) return {ready: false, duration: 0, error: 'closed'};
      var d = e.el.duration;
      return {ready: e.el.readyState >= 2, duration: isFinite(d) ? d : 0,
              error: e.el.error ? (e.el.error.message || 'the recording could not be played') : ''};
    },

    // [tone] ----------------------------------------------------------------------------------------
    // The speaker test: 440 Hz for 1 s at a moderate volume, with short fades so it does not click.
    playTone: function() {
      var ctx = TelemedRtc.context();
      if (!ctx) return false;
      if (ctx.state === 'suspended') ctx.resume().catch(function() {});
      var t = ctx.currentTime, osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 440;
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.2, t + 0.02);
      gain.gain.setValueAtTime(0.2, t + 0.98);
      gain.gain.linearRampToValueAtTime(0, t + 1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 1);
      return true;
    },

    // [views] ---------------------------------------------------------------------------------------
    // <video> elements under the canvas at rectangles the ImGui layout gives (CSS px, viewport
    // coordinates: the canvas fills the viewport), which the app makes transparent there
    // (src/platform/media_view_web.cpp). They live in #media-layer, which shell/style.css puts under
    // the canvas, with pointer-events: none. The app re-sends each visible view's rectangle every frame it draws; a view not
    // shown in a frame (between beginFrame and endFrame) is hidden. Without frames (render on demand)
    // nothing moved, so the elements correctly stay where they are.
    // The layer a view lives in: #media-layer (call views, under the canvas) or #player-layer
    // (recordings, over it, for their own controls). Both before #a11y-root in the DOM.
    layerOf: function(id) {
      var layer = document.getElementById(id);
      if (!layer) {
        layer = document.createElement('div');
        layer.id = id;
        layer.setAttribute('aria-hidden', 'true');  // the a11y layer describes the call screen
        var a11y = document.getElementById('a11y-root');
        document.body.insertBefore(layer, a11y || null);
      }
      return layer;
    },
    viewCreate: function(layerId) {
      var T = TelemedRtc;
      var el = document.createElement('video');
      el.autoplay = true;
      el.playsInline = true;  // iOS: no fullscreen takeover
      el.disablePictureInPicture = true;
      el.hidden = true;
      T.layerOf(layerId || 'media-layer').appendChild(el);
      return T.add({type: 'view', el: el, stream: 0, shownFrame: -1, key: '', muted: null});
    },

    viewDestroy: function(h) {
      var e = TelemedRtc.get(h, 'view');
      if (!e) return;
      e.el.srcObject = null;
      if (e.blobUrl) URL.revokeObjectURL(e.blobUrl);
      if (e.player) e.el.removeAttribute('src');
      e.el.remove();
      TelemedRtc.objects.delete(h);
    },

    beginFrame: function() { TelemedRtc.frame++; },
    endFrame: function() {
      var T = TelemedRtc;
      T.objects.forEach(function(e) {
        if (e.type === 'view' && e.shownFrame !== T.frame && !e.el.hidden) e.el.hidden = true;
      });
    },

    // o: {mirrored, muted, contain, overlay, radius, clip: [x, y, w, h] | null}. Style writes happen only on change.
    viewShow: function(h, streamHandle, x, y, w, hgt, o) {
      var T = TelemedRtc, e = T.get(h, 'view');
      if (!e) return;
      var s = T.get(streamHandle, 'stream');
      var el = e.el;
      e.shownFrame = T.frame;
      if (el.hidden) el.hidden = false;
      // Only on change: re-applying muted = false each frame would undo the autoplay fallback below.
      if (e.muted !== !!o.muted) { e.muted = !!o.muted; el.muted = e.muted; }
      if (e.stream !== streamHandle || (s && el.srcObject !== s.stream)) {
        e.stream = s ? streamHandle : 0;
        el.srcObject = s ? s.stream : null;
        if (s) T.viewPlay(h, e);
      }
      // Rectangles are rounded to device pixels by the browser; a clip rect (the ImGui window the view
      // sits in, e.g. a scrolled panel) becomes clip-path insets, mirrored along with the element.
      var cl = 0, ct = 0, cr = 0, cb = 0;
      if (o.clip) {
        cl = Math.max(0, o.clip[0] - x); ct = Math.max(0, o.clip[1] - y);
        cr = Math.max(0, x + w - (o.clip[0] + o.clip[2])); cb = Math.max(0, y + hgt - (o.clip[1] + o.clip[3]));
      }
      if (o.mirrored) { var t = cl; cl = cr; cr = t; }
      var key = [x, y, w, hgt, o.mirrored ? 1 : 0, o.contain ? 1 : 0, o.overlay ? 1 : 0, o.radius, cl, ct, cr, cb].join(',');
      if (key === e.key) return;
      e.key = key;
      var st = el.style;
      st.left = x + 'px'; st.top = y + 'px'; st.width = w + 'px'; st.height = hgt + 'px';
      st.borderRadius = (o.radius || 0) + 'px';
      st.transform = o.mirrored ? 'scaleX(-1)' : '';
      if (!e.player) {
        st.objectFit = o.contain ? 'contain' : 'cover';
        st.zIndex = o.overlay ? '1' : '';  // your own small video over the other person's
      }
      st.clipPath = cl || ct || cr || cb ? 'inset(' + ct + 'px ' + cr + 'px ' + cb + 'px ' + cl + 'px)' : '';
    },

    viewHide: function(h) {
      var e = TelemedRtc.get(h, 'view');
      if (e && !e.el.hidden) e.el.hidden = true;
    },

    // Autoplay with sound needs a user gesture. Joining a call is one, but a remote view created later
    // may still be refused: then it plays muted and unmutes at the next pointer or key press.
    viewPlay: function(h, e) {
      var T = TelemedRtc, el = e.el;
      var p = el.play();
      if (!p || !p.catch) return;
      p.catch(function(err) {
        if (!T.alive(h, e) || !err || err.name !== 'NotAllowedError' || el.muted) return;
        el.muted = true;
        el.play().catch(function() {});
        var unmute = function() {
          document.removeEventListener('pointerdown', unmute, true);
          document.removeEventListener('keydown', unmute, true);
          if (T.alive(h, e)) { el.muted = false; el.play().catch(function() {}); }
        };
        document.addEventListener('pointerdown', unmute, true);
        document.addEventListener('keydown', unmute, true);
      });
    },

    // 1 once the view shows a decoded frame (the app draws a placeholder until then).
    viewHasFrame: function(h) {
      var e = TelemedRtc.get(h, 'view');
      return e && e.el.videoWidth > 0 && e.el.readyState >= 2 ? 1 : 0;
    },

    // [test hook] -----------------------------------------------------------------------------------
    // window.telemedRtc: the JS layer for tests (tests/e2e/rtc_layer.test.mjs, tests/bench), which may
    // not contain app logic and so call these directly. Same functions C++ reaches through the
    // telemed_rtc_* entry points; `handles()` tells how many objects are alive (leak checks).
    testApi: function() {
      var T = TelemedRtc;
      var api = {ERR: T.ERR, handles: function() { return T.objects.size; }};
      ['getUserMedia', 'enumerateDevices', 'getDisplayMedia', 'streamListen', 'streamSetEnabled',
       'streamTrackState', 'streamStop', 'streamRelease', 'audioLevel', 'pcCreate', 'pcAddStream',
       'pcReplaceTrack', 'pcCreateOffer', 'pcCreateAnswer', 'pcSetLocalDescription', 'pcSetRemoteDescription',
       'pcAddIceCandidate', 'pcRestartIce', 'pcClose', 'pcGetStats', 'recorderStart', 'recorderStop',
       'recorderRelease', 'playTone', 'viewCreate', 'viewDestroy', 'beginFrame', 'endFrame', 'viewShow',
       'viewHide', 'viewHasFrame', 'composeStart', 'playerCreate', 'playerSource', 'playerState'].forEach(function(name) { api[name] = T[name]; });
      api.streamTakeTrack = T.streamTakeTrack;
      api.syntheticStream = T.syntheticStream;
      // The browser object behind a handle, for assertions only (e.g. a <video> element's rectangle).
      api.objectOf = function(h) {
        var e = T.objects.get(h);
        if (!e) return null;
        return {stream: e.stream, pc: e.pc, recorder: e.rec, view: e.el}[e.type];
      };
      return api;
    },

    // [C entry points] helpers ------------------------------------------------------------------------
    // Calls fn(ptr) with str as a NUL-terminated UTF-8 copy on the C heap, valid during the call.
    withCString: function(str, fn) {
      str = str === null || str === undefined ? '' : String(str);
      var n = lengthBytesUTF8(str) + 1, p = _malloc(n);
      stringToUTF8(str, p, n);
      try { fn(p); } finally { _free(p); }
    },
  },

  // [C entry points] --------------------------------------------------------------------------------
  // Callbacks are C function pointers called with the caller's userData first (see rtc_web.cpp for
  // the signatures). Strings passed to C are valid only during the call.

  telemed_rtc_get_user_media__deps: ['$TelemedRtc', 'malloc', 'free'],
  telemed_rtc_get_user_media: function(audio, video, audioId, videoId, ud, cb) {
    TelemedRtc.getUserMedia({audio: !!audio, video: !!video, audioDeviceId: UTF8ToString(audioId),
                             videoDeviceId: UTF8ToString(videoId)}, function(h, code, msg) {
      TelemedRtc.withCString(msg, function(p) { {{{ makeDynCall('viiii', 'cb') }}}(ud, h, code, p); });
    });
  },

  telemed_rtc_get_display_media__deps: ['$TelemedRtc', 'malloc', 'free'],
  telemed_rtc_get_display_media: function(ud, cb) {
    TelemedRtc.getDisplayMedia(function(h, code, msg) {
      TelemedRtc.withCString(msg, function(p) { {{{ makeDynCall('viiii', 'cb') }}}(ud, h, code, p); });
    });
  },

  // cb(ud, code, text): text is the JSON list on success, the message on failure.
  telemed_rtc_enumerate_devices__deps: ['$TelemedRtc', 'malloc', 'free'],
  telemed_rtc_enumerate_devices: function(ud, cb) {
    TelemedRtc.enumerateDevices(function(code, list, msg) {
      TelemedRtc.withCString(code ? msg : JSON.stringify(list), function(p) {
        {{{ makeDynCall('viii', 'cb') }}}(ud, code, p);
      });
    });
  },

  // cb(ud, kind, event): kind 0 audio / 1 video; event 1 = ended by the browser or user.
  telemed_rtc_stream_listen__deps: ['$TelemedRtc'],
  telemed_rtc_stream_listen: function(h, ud, cb) {
    TelemedRtc.streamListen(h, function(kind, what) {
      {{{ makeDynCall('viii', 'cb') }}}(ud, kind === 'video' ? 1 : 0, what === 'ended' ? 1 : 0);
    });
  },
  telemed_rtc_stream_set_enabled__deps: ['$TelemedRtc'],
  telemed_rtc_stream_set_enabled: function(h, kind, on) { TelemedRtc.streamSetEnabled(h, kind ? 'video' : 'audio', on); },
  telemed_rtc_stream_track_state__deps: ['$TelemedRtc'],
  telemed_rtc_stream_track_state: function(h, kind) { return TelemedRtc.streamTrackState(h, kind ? 'video' : 'audio'); },
  telemed_rtc_stream_stop__deps: ['$TelemedRtc'],
  telemed_rtc_stream_stop: function(h) { TelemedRtc.streamStop(h); },
  telemed_rtc_stream_release__deps: ['$TelemedRtc'],
  telemed_rtc_stream_release: function(h) { TelemedRtc.streamRelease(h); },
  telemed_rtc_stream_is_local__deps: ['$TelemedRtc'],
  telemed_rtc_stream_is_local: function(h) { var e = TelemedRtc.get(h, 'stream'); return e && e.local ? 1 : 0; },
  telemed_rtc_audio_level__deps: ['$TelemedRtc'],
  telemed_rtc_audio_level: function(h) { return TelemedRtc.audioLevel(h); },

  // Returns the handle (> 0) or -code; the message goes to errBuf. Events: cb(ud, type, num, text)
  // with type 1 icecandidate (text JSON, '' = gathering done), 2 negotiationneeded, 3 track (num =
  // stream handle, text = kind), 4 connectionstatechange (text), 5 iceconnectionstatechange (text).
  telemed_rtc_pc_create__deps: ['$TelemedRtc', '$TM', 'malloc', 'free'],
  telemed_rtc_pc_create: function(config, ud, cb, errBuf, errCap) {
    var types = {icecandidate: 1, negotiationneeded: 2, track: 3, connectionstatechange: 4, iceconnectionstatechange: 5};
    var r = TelemedRtc.pcCreate(UTF8ToString(config), function(type, a, b) {
      var num = type === 'track' ? a : 0, text = type === 'track' ? b : a;
      TelemedRtc.withCString(text, function(p) { {{{ makeDynCall('viiii', 'cb') }}}(ud, types[type], num, p); });
    });
    if (!r.handle) { TM.writeString(r.message, errBuf, errCap); return -r.code; }
    return r.handle;
  },
  telemed_rtc_pc_add_stream__deps: ['$TelemedRtc'],
  telemed_rtc_pc_add_stream: function(h, s) { return TelemedRtc.pcAddStream(h, s); },
  telemed_rtc_pc_restart_ice__deps: ['$TelemedRtc'],
  telemed_rtc_pc_restart_ice: function(h) { TelemedRtc.pcRestartIce(h); },
  telemed_rtc_pc_close__deps: ['$TelemedRtc'],
  telemed_rtc_pc_close: function(h) { TelemedRtc.pcClose(h); },

  // Async operations: done(ud, op, code, text), `op` being the caller's request id; text is the result
  // (description JSON, stats JSON) on success and the message on failure. Op kinds: 1 createOffer,
  // 2 createAnswer, 3 setLocalDescription, 4 setRemoteDescription, 5 addIceCandidate, 6 getStats,
  // 7 replaceTrack (arg = "audio"|"video", num = stream handle or 0); `flag` = iceRestart for offers.
  telemed_rtc_pc_op__deps: ['$TelemedRtc', 'malloc', 'free'],
  telemed_rtc_pc_op: function(h, kind, arg, num, flag, ud, op, cb) {
    var T = TelemedRtc, text = UTF8ToString(arg);
    var done = function(code, result) {
      T.withCString(code === 0 && typeof result !== 'string' ? JSON.stringify(result) : result, function(p) {
        {{{ makeDynCall('viiii', 'cb') }}}(ud, op, code, p);
      });
    };
    switch (kind) {
      case 1: T.pcCreateOffer(h, flag, done); break;
      case 2: T.pcCreateAnswer(h, done); break;
      case 3: T.pcSetLocalDescription(h, text, done); break;
      case 4: T.pcSetRemoteDescription(h, text, done); break;
      case 5: T.pcAddIceCandidate(h, text, done); break;
      case 6: T.pcGetStats(h, done); break;
      case 7: T.pcReplaceTrack(h, text, num, done); break;
    }
  },

  // Returns the handle (> 0) or -code (message in errBuf). onChunk(ud, data, size); onStop(ud, code, msg).
  telemed_rtc_recorder_start__deps: ['$TelemedRtc', '$TM', 'malloc', 'free'],
  telemed_rtc_recorder_start: function(stream, mime, timeslice, ud, onChunk, onStop, errBuf, errCap) {
    var r = TelemedRtc.recorderStart(stream, UTF8ToString(mime), timeslice, function(bytes) {
      var p = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, p);
      try { {{{ makeDynCall('viii', 'onChunk') }}}(ud, p, bytes.length); } finally { _free(p); }
    }, function(code, msg) {
      TelemedRtc.withCString(msg, function(p) { {{{ makeDynCall('viii', 'onStop') }}}(ud, code, p); });
    });
    TM.writeString(r.handle ? r.mimeType : r.message, errBuf, errCap);
    return r.handle ? r.handle : -r.code;
  },
  telemed_rtc_recorder_stop__deps: ['$TelemedRtc'],
  telemed_rtc_recorder_stop: function(h) { TelemedRtc.recorderStop(h); },
  telemed_rtc_recorder_release__deps: ['$TelemedRtc'],
  telemed_rtc_recorder_release: function(h) { TelemedRtc.recorderRelease(h); },

  // handles: int32[n]; labels: JSON array of strings. Returns the stream handle (> 0) or -code.
  telemed_rtc_compose__deps: ['$TelemedRtc', '$TM'],
  telemed_rtc_compose: function(handles, n, labels, width, height, fps, errBuf, errCap) {
    var hs = [];
    for (var i = 0; i < n; i++) hs.push(HEAP32[(handles >> 2) + i]);
    var names = [];
    try { names = JSON.parse(UTF8ToString(labels)); } catch (err) {}
    var r = TelemedRtc.composeStart(hs, names, width, height, fps);
    TM.writeString(r.message, errBuf, errCap);
    return r.handle ? r.handle : -r.code;
  },
  telemed_media_player_create__deps: ['$TelemedRtc'],
  telemed_media_player_create: function() { return TelemedRtc.playerCreate(); },
  telemed_media_player_source__deps: ['$TelemedRtc'],
  telemed_media_player_source: function(h, url, data, size, mime) {
    TelemedRtc.playerSource(h, UTF8ToString(url), size > 0 ? HEAPU8.slice(data, data + size) : null, UTF8ToString(mime));
  },
  // 0 not ready, 1 ready (a frame can be shown), -1 failed.
  telemed_media_player_state__deps: ['$TelemedRtc'],
  telemed_media_player_state: function(h) {
    var s = TelemedRtc.playerState(h);
    return s.error ? -1 : s.ready ? 1 : 0;
  },
  telemed_rtc_stream_take_track__deps: ['$TelemedRtc'],
  telemed_rtc_stream_take_track: function(to, from, kind) {
    return TelemedRtc.streamTakeTrack(to, from, kind ? 'video' : 'audio') ? 1 : 0;
  },
  telemed_rtc_synthetic_stream__deps: ['$TelemedRtc'],
  telemed_rtc_synthetic_stream: function(name) { return TelemedRtc.syntheticStream(UTF8ToString(name)); },

  telemed_rtc_play_tone__deps: ['$TelemedRtc'],
  telemed_rtc_play_tone: function() { return TelemedRtc.playTone() ? 1 : 0; },

  telemed_media_view_create__deps: ['$TelemedRtc'],
  telemed_media_view_create: function() { return TelemedRtc.viewCreate(); },
  telemed_media_view_destroy__deps: ['$TelemedRtc'],
  telemed_media_view_destroy: function(h) { TelemedRtc.viewDestroy(h); },
  telemed_media_view_begin_frame__deps: ['$TelemedRtc'],
  telemed_media_view_begin_frame: function() { TelemedRtc.beginFrame(); },
  telemed_media_view_end_frame__deps: ['$TelemedRtc'],
  telemed_media_view_end_frame: function() { TelemedRtc.endFrame(); },
  // flags: 1 mirrored, 2 muted, 4 clip rectangle given, 8 contain (letterbox), 16 overlay (above the others).
  telemed_media_view_show__deps: ['$TelemedRtc'],
  telemed_media_view_show: function(h, stream, x, y, w, hgt, flags, radius, cx, cy, cw, ch) {
    TelemedRtc.viewShow(h, stream, x, y, w, hgt, {mirrored: !!(flags & 1), muted: !!(flags & 2), contain: !!(flags & 8), overlay: !!(flags & 16), radius: radius,
                                                 clip: flags & 4 ? [cx, cy, cw, ch] : null});
  },
  telemed_media_view_hide__deps: ['$TelemedRtc'],
  telemed_media_view_hide: function(h) { TelemedRtc.viewHide(h); },
  telemed_media_view_has_frame__deps: ['$TelemedRtc'],
  telemed_media_view_has_frame: function(h) { return TelemedRtc.viewHasFrame(h); },
});
