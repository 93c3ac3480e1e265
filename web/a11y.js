// The accessibility/automation layer (an Emscripten --js-library): an invisible DOM mirror of the widgets
// the canvas shows, one real element per widget at the widget's rectangle, in layout order.
// - Screen readers and tests find widgets by role and name (getByRole('button', {name: 'Sign in'})).
// - The layer has pointer-events: none, so real clicks land on the canvas; a programmatic or assistive
//   activation (a `click` event on an element, Enter/Space on a focused one) becomes a pointer
//   down/up on the canvas at the centre of the widget.
// - Text fields: the <input> here is where typing, paste, IME and autofill happen; C++ pulls the edits
//   (telemed_a11y_take_edit) and draws the value.
// Fields of a published node: see src/ui/a11y/a11y.cpp.

mergeInto(LibraryManager.library, {
  $TelemedA11y: {
    root: null,
    form: null,      // the <form> inside root that holds the elements
    tm: null,
    // Maps are created in install(): Emscripten's library serializer cannot emit `new Map()`.
    els: null,       // id -> element (stable across frames, so DOM focus survives)
    nodes: null,     // id -> last published node
    order: [],       // last published nodes, layout order
    pending: null,   // id -> {value, submitted}: edits C++ has not taken yet

    install: function(tm) {
      var A = TelemedA11y;
      A.tm = tm;
      A.els = new Map();
      A.nodes = new Map();
      A.pending = new Map();
      A.root = document.getElementById('a11y-root');
      if (!A.root) {
        A.root = document.createElement('div');
        A.root.id = 'a11y-root';
        document.body.appendChild(A.root);
      }
      // One <form> holds the elements: password managers and autofill look for fields in a form.
      A.form = document.createElement('form');
      A.form.setAttribute('autocomplete', 'on');
      A.form.addEventListener('submit', function(e) { e.preventDefault(); });
      A.root.appendChild(A.form);
      A.root.addEventListener('click', A.onClick);
      A.root.addEventListener('keydown', A.onKeyDown);
      A.root.addEventListener('input', function(e) {
        var id = A.idOf(e.target);
        if (!id || e.target.type === 'checkbox') return;
        var prev = A.pending.get(id);
        A.pending.set(id, {value: e.target.value, submitted: prev ? prev.submitted : false});
        A.changed();
      });
      // Focus and caret moves change what the canvas draws (focus ring, caret).
      ['focusin', 'focusout', 'keyup', 'select', 'compositionend'].forEach(function(type) {
        A.root.addEventListener(type, A.changed);
      });
      document.addEventListener('selectionchange', function() {
        if (A.root.contains(document.activeElement)) A.changed();
      });
      window['telemedA11ySnapshot'] = function() {
        return A.order.map(function(n) {
          var c = Object.assign({}, n);
          if (c.type === 'password' && c.value) c.value = '•'.repeat(c.value.length);
          return c;
        });
      };
    },

    // Something in the layer changed (focus, value, caret): run frames until the UI settled.
    changed: function() {
      _telemed_on_dom_event();
      TelemedA11y.tm.requestFrame();
    },

    idOf: function(el) {
      while (el && el !== TelemedA11y.root) {
        if (el.dataset && el.dataset.id) return +el.dataset.id;
        el = el.parentNode;
      }
      return 0;
    },

    // The text field under a client point, from the last published rectangles (called synchronously
    // in pointerdown so focusing happens inside the user gesture).
    textboxAt: function(x, y) {
      var A = TelemedA11y;
      for (var i = A.order.length - 1; i >= 0; i--) {
        var n = A.order[i];
        if (n.role !== 'textbox' || n.clipped || n.disabled) continue;
        if (x >= n.x && x < n.x + n.w && y >= n.y && y < n.y + n.h) return A.els.get(n.id) || null;
      }
      return null;
    },

    // A real pointer press and release on the canvas at the widget's centre.
    activate: function(n) {
      var x = n.x + n.w / 2, y = n.y + n.h / 2;
      _telemed_on_pointer(0, x, y, 0);
      _telemed_on_pointer(1, x, y, 0);
      _telemed_on_pointer(2, x, y, 0);
      TelemedA11y.tm.requestFrame();
    },

    onClick: function(e) {
      var A = TelemedA11y;
      var n = A.nodes.get(A.idOf(e.target));
      if (!n) return;
      if (n.role === 'textbox') return;
      // The canvas widget owns the state: undo the browser's own checkbox toggle / link navigation.
      e.preventDefault();
      if (!n.disabled) A.activate(n);
    },

    onKeyDown: function(e) {
      var A = TelemedA11y;
      var id = A.idOf(e.target);
      var n = A.nodes.get(id);
      if (!n) return;
      if (n.role === 'textbox' && e.key === 'Enter' && !e.isComposing) {
        // A multi-line field (a message composer): Shift+Enter is a new line, Enter sends. A document
        // (clinical notes): Enter is a new line, as in any editor.
        if (n.type === 'document') return;
        if (n.type === 'multiline' && e.shiftKey) return;
        if (n.type === 'multiline') e.preventDefault();
        A.pending.set(id, {value: e.target.value, submitted: true});
        A.changed();
        return;
      }
      // <div role=tab|radio> have no native activation; buttons, links and checkboxes do.
      if ((n.role === 'tab' || n.role === 'radio') && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        if (!n.disabled) A.activate(n);
      }
    },

    tagFor: function(n) {
      switch (n.role) {
        case 'button': return 'button';
        case 'link': return 'a';
        case 'textbox': return n.type === 'multiline' || n.type === 'document' ? 'textarea' : 'input';
        case 'checkbox': return 'input';
        case 'heading': return 'h' + Math.min(Math.max(n.level || 1, 1), 3);
        case 'text': return 'p';
        default: return 'div';
      }
    },

    create: function(n) {
      var el = document.createElement(TelemedA11y.tagFor(n));
      el.dataset.id = String(n.id);
      el.dataset.role = n.role;
      switch (n.role) {
        case 'button': el.type = 'button'; break;
        case 'link': el.href = '#'; break;
        case 'checkbox': el.type = 'checkbox'; break;
        case 'textbox':
          el.spellcheck = false;
          el.addEventListener('compositionstart', function() { el.telemedComposing = true; });
          el.addEventListener('compositionend', function() { el.telemedComposing = false; });
          break;
        case 'radio': case 'tab': el.setAttribute('role', n.role); el.tabIndex = 0; break;
        case 'status': case 'alert': case 'img': el.setAttribute('role', n.role); break;
      }
      // Everything can take focus programmatically (out of the Tab order): focusing an element scrolls
      // the canvas to its widget, which is how a test reaches a widget below the fold.
      if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
      return el;
    },

    setAttr: function(el, name, value) {
      if (value === undefined || value === null || value === false) {
        if (el.hasAttribute(name)) el.removeAttribute(name);
      } else {
        value = value === true ? 'true' : String(value);
        if (el.getAttribute(name) !== value) el.setAttribute(name, value);
      }
    },

    update: function(el, n) {
      var A = TelemedA11y, s = el.style;
      s.left = n.x + 'px'; s.top = n.y + 'px'; s.width = n.w + 'px'; s.height = n.h + 'px';
      A.setAttr(el, 'data-clipped', !!n.clipped);
      var textual = n.role === 'heading' || n.role === 'text' || n.role === 'status' || n.role === 'alert';
      if (textual) {
        if (el.textContent !== n.name) el.textContent = n.name;
      } else {
        A.setAttr(el, 'aria-label', n.name);
      }
      if (n.role === 'textbox') {
        var type = n.type === 'password' ? 'password' : 'text';
        if (el.tagName === 'INPUT' && el.type !== type) el.type = type;
        // type=email has no selectionStart (no caret for the canvas): text + inputmode instead.
        A.setAttr(el, 'inputmode', n.type === 'email' ? 'email' : null);
        A.setAttr(el, 'autocapitalize', n.type === 'email' || n.type === 'password' ? 'none' : null);
        A.setAttr(el, 'autocomplete', n.autocomplete || 'off');
        A.setAttr(el, 'placeholder', n.placeholder || null);
        A.setAttr(el, 'maxlength', n.maxlength || null);
        el.required = !!n.required;
        el.disabled = !!n.disabled;
        if (!A.pending.has(n.id) && !el.telemedComposing && el.value !== (n.value || '')) el.value = n.value || '';
      } else if (n.role === 'checkbox') {
        el.checked = !!n.checked;
        el.disabled = !!n.disabled;
      } else if (n.role === 'button') {
        el.disabled = false;  // a disabled <button> cannot be focused; aria-disabled keeps it findable
      }
      if (n.role !== 'textbox' && n.role !== 'checkbox') A.setAttr(el, 'aria-disabled', !!n.disabled);
      if (n.role === 'radio') A.setAttr(el, 'aria-checked', n.checked ? 'true' : 'false');
      if (n.role === 'tab') A.setAttr(el, 'aria-selected', n.selected ? 'true' : 'false');
      A.setAttr(el, 'aria-invalid', !!n.invalid);
      A.setAttr(el, 'aria-required', n.role === 'textbox' ? null : !!n.required);
      A.setAttr(el, 'aria-description', n.error || null);
    },

    publish: function(list) {
      var A = TelemedA11y, root = A.form;
      var focused = document.activeElement;
      var seen = new Set();
      var cursor = root.firstChild;
      A.order = list;
      A.nodes = new Map();
      for (var i = 0; i < list.length; i++) {
        var n = list[i];
        if (seen.has(n.id)) continue;  // duplicate ImGui id: keep the first
        seen.add(n.id);
        A.nodes.set(n.id, n);
        var el = A.els.get(n.id);
        if (el && (el.dataset.role !== n.role || el.tagName !== A.tagFor(n).toUpperCase())) {
          if (el === cursor) cursor = cursor.nextSibling;  // the insertion point must stay in the list
          el.remove();
          el = null;
        }
        if (!el) { el = A.create(n); A.els.set(n.id, el); }
        A.update(el, n);
        // DOM order = layout order. Move the other elements, not the one in place (moving a focused
        // element would blur it).
        if (el === cursor) cursor = cursor.nextSibling;
        else root.insertBefore(el, cursor);
      }
      A.els.forEach(function(el, id) {
        if (!seen.has(id)) { el.remove(); A.els.delete(id); A.pending.delete(id); }
      });
      if (focused && focused !== document.activeElement && root.contains(focused)) focused.focus({preventScroll: true});
    },
  },

  telemed_a11y_publish__deps: ['$TelemedA11y'],
  telemed_a11y_publish: function(json) {
    TelemedA11y.publish(JSON.parse(UTF8ToString(json)));
  },

  // Takes a pending edit of field `id`: returns -1 when none, else the value's UTF-8 length (retry with
  // a larger buffer when >= cap; the edit stays pending until it fits).
  telemed_a11y_take_edit__deps: ['$TelemedA11y', '$TM'],
  telemed_a11y_take_edit: function(id, buf, cap, submitted) {
    id >>>= 0;  // ImGui ids are unsigned
    var A = TelemedA11y;
    var p = A.pending.get(id);
    if (!p) return -1;
    var len = TM.writeString(p.value, buf, cap);
    if (len < cap) {
      A.pending.delete(id);
      HEAP32[submitted >> 2] = p.submitted ? 1 : 0;
    }
    return len;
  },

  // Writes 4 ints: focused id, focus-visible, caret start and end (UTF-8 byte offsets).
  telemed_a11y_focus__deps: ['$TelemedA11y'],
  telemed_a11y_focus: function(out) {
    var A = TelemedA11y;
    var el = document.activeElement;
    var id = A.root && A.root.contains(el) ? A.idOf(el) : 0;
    var start = 0, end = 0, visible = 0;
    if (id) {
      try { visible = el.matches(':focus-visible') ? 1 : 0; } catch (e) {}
      if ((el.tagName === 'INPUT' && el.type !== 'checkbox') || el.tagName === 'TEXTAREA') {
        var v = el.value, s = el.selectionStart, f = el.selectionEnd;
        if (s === null || s === undefined) { s = v.length; f = v.length; }
        start = lengthBytesUTF8(v.slice(0, s));
        end = lengthBytesUTF8(v.slice(0, f));
      }
    }
    HEAPU32[out >> 2] = id;
    HEAP32[(out >> 2) + 1] = visible;
    HEAP32[(out >> 2) + 2] = start;
    HEAP32[(out >> 2) + 3] = end;
  },

  telemed_a11y_set_caret__deps: ['$TelemedA11y'],
  telemed_a11y_set_caret: function(id, byteOffset) {
    id >>>= 0;
    var el = TelemedA11y.els.get(id);
    if (!el || (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA') || el.type === 'checkbox') return;
    // UTF-8 byte offset -> UTF-16 index.
    var v = el.value, bytes = 0, i = 0;
    while (i < v.length && bytes < byteOffset) {
      var cp = v.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp >= 0x10000 ? 2 : 1;
    }
    try { el.setSelectionRange(i, i); } catch (e) {}
    TelemedA11y.changed();
  },

  telemed_a11y_focus_element__deps: ['$TelemedA11y'],
  telemed_a11y_focus_element: function(id) {
    id >>>= 0;
    var el = TelemedA11y.els.get(id);
    if (el && document.activeElement !== el) el.focus({preventScroll: true});
  },
});
