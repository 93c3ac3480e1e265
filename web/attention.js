// The JS half of src/platform/attention.h (an Emscripten --js-library): browser notifications and
// sounds made with WebAudio.
//
// Notifications: permission is asked only when the app calls telemed_request_notification_permission
// (after the person pressed its opt-in button). A notification replaces the earlier one with the same
// tag; a click focuses the tab and sets the URL fragment, which the app follows.
//
// Sounds: the AudioContext is made (or resumed) on the page's first click or key press, because
// browsers keep audio locked until a user gesture; until then telemed_play_sound plays nothing and
// returns 0. Tones are synthesised (oscillators and gain envelopes), nothing is downloaded.

mergeInto(LibraryManager.library, {
  $TelemedAttention__deps: ['$TM'],
  $TelemedAttention: {
    audio: null,      // the AudioContext, made on the first gesture
    watching: false,
    shown: {},        // tag -> Notification, so a newer one replaces it

    watchGestures: function() {
      if (TelemedAttention.watching) return;
      TelemedAttention.watching = true;
      var unlock = function() {
        var Ctx = window.AudioContext || window.webkitAudioContext;
        if (!Ctx) return;
        try {
          if (!TelemedAttention.audio) TelemedAttention.audio = new Ctx();
          if (TelemedAttention.audio.state === 'suspended') TelemedAttention.audio.resume();
        } catch (e) {}
      };
      window.addEventListener('pointerdown', unlock, true);
      window.addEventListener('keydown', unlock, true);
    },

    // One note: frequency (Hz, or two for a dual tone), start and length (s), peak gain.
    tone: function(ctx, freqs, start, length, peak) {
      var gain = ctx.createGain();
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(peak, start + 0.015);
      gain.gain.setValueAtTime(peak, start + Math.max(0.02, length - 0.05));
      gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
      gain.connect(ctx.destination);
      freqs.forEach(function(f) {
        var osc = ctx.createOscillator();
        osc.type = 'sine';
        osc.frequency.setValueAtTime(f, start);
        osc.connect(gain);
        osc.start(start);
        osc.stop(start + length + 0.02);
      });
    },
  },

  telemed_notification_permission__deps: ['$TM', '$TelemedAttention'],
  telemed_notification_permission: function(buf, cap) {
    TelemedAttention.watchGestures();
    var p = (typeof Notification === 'undefined' || !window.isSecureContext) ? 'unsupported' : Notification.permission;
    return TM.writeString(p, buf, cap);
  },

  telemed_request_notification_permission__deps: ['$TM'],
  telemed_request_notification_permission: function() {
    if (typeof Notification === 'undefined') return;
    try {
      var asked = Notification.requestPermission(function() { TM.requestFrame(); });
      if (asked && asked.then) asked.then(function() { TM.requestFrame(); }, function() { TM.requestFrame(); });
    } catch (e) { TM.requestFrame(); }
  },

  telemed_show_notification__deps: ['$TM', '$TelemedAttention'],
  telemed_show_notification: function(tag, title, body, route) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    var t = UTF8ToString(tag), r = UTF8ToString(route);
    try {
      var old = TelemedAttention.shown[t];
      if (old) old.close();
      var n = new Notification(UTF8ToString(title), {body: UTF8ToString(body), tag: t, renotify: true});
      TelemedAttention.shown[t] = n;
      n.onclick = function() {
        try { window.focus(); } catch (e) {}
        if (r && location.hash !== r) location.hash = r;  // hashchange asks for a frame; the app follows it
        n.close();
        TM.requestFrame();
      };
      n.onclose = function() { if (TelemedAttention.shown[t] === n) delete TelemedAttention.shown[t]; };
    } catch (e) {}  // a browser that allows only service-worker notifications: the bell and title still tell
  },

  telemed_play_sound__deps: ['$TelemedAttention'],
  telemed_play_sound: function(which) {
    TelemedAttention.watchGestures();
    var ctx = TelemedAttention.audio;
    if (!ctx || ctx.state !== 'running') return 0;
    var now = ctx.currentTime + 0.01;
    if (which === 1) {
      // A phone's ring: 440 + 480 Hz, two 0.4 s bursts, three times over ~3.6 s.
      for (var i = 0; i < 3; i++) {
        TelemedAttention.tone(ctx, [440, 480], now + i * 1.2, 0.4, 0.18);
        TelemedAttention.tone(ctx, [440, 480], now + i * 1.2 + 0.5, 0.4, 0.18);
      }
    } else {
      // A short two-note chime.
      TelemedAttention.tone(ctx, [880], now, 0.12, 0.2);
      TelemedAttention.tone(ctx, [1318.5], now + 0.13, 0.18, 0.16);
    }
    return 1;
  },
});
