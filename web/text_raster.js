// The JS half of src/platform/text_raster.h (an Emscripten --js-library): text drawn with Canvas 2D on
// an OffscreenCanvas (a hidden <canvas> where there is none) and read back with getImageData, so the
// system's fonts draw the scripts and emoji the app's embedded fonts lack.
//
// Monochrome text is drawn white and only its alpha is kept (ImGui tints it with the text colour);
// colour emoji keep their colours and the C++ side draws them untinted.

mergeInto(LibraryManager.library, {
  $TelemedText: {
    ctx: null,

    // One context, grown to the largest bitmap asked so far (a resize clears it and resets its state).
    context: function(w, h) {
      if (!TelemedText.ctx) {
        var canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(64, 64)
                                                            : document.createElement('canvas');
        TelemedText.ctx = canvas.getContext('2d', { willReadFrequently: true });
      }
      var c = TelemedText.ctx.canvas;
      if (c.width < w || c.height < h) {
        c.width = Math.max(c.width, w);
        c.height = Math.max(c.height, h);
      }
      return TelemedText.ctx;
    },

    // Noto Sans first, as the embedded fonts are, then whatever the system falls back to per script.
    font: function(em, bold) { return (bold ? 'bold ' : '') + em + 'px "Noto Sans", sans-serif'; },
  },

  // Pen advance of the text in px, or -1 when there is no canvas.
  telemed_text_width__deps: ['$TelemedText'],
  telemed_text_width: function(text, em, bold) {
    try {
      var ctx = TelemedText.context(1, 1);
      ctx.font = TelemedText.font(em, bold);
      return ctx.measureText(UTF8ToString(text)).width;
    } catch (e) {
      return -1;
    }
  },

  // Draws into out (width x height RGBA). Returns 1 when the result has colour, 0 when monochrome, -1 on error.
  telemed_text_draw__deps: ['$TelemedText'],
  telemed_text_draw: function(text, em, bold, padX, baseline, width, height, out) {
    try {
      var ctx = TelemedText.context(width, height);
      ctx.clearRect(0, 0, width, height);
      ctx.font = TelemedText.font(em, bold);
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      ctx.fillStyle = '#fff';
      ctx.fillText(UTF8ToString(text), padX, baseline);
      var px = ctx.getImageData(0, 0, width, height).data;
      // Colour: any solid pixel that is not white (colour emoji ignore fillStyle).
      var colored = false;
      for (var i = 0; i < px.length && !colored; i += 4) {
        if (px[i + 3] > 128 && (px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200)) colored = true;
      }
      if (!colored) {
        // Exactly white: edge pixels come back slightly off after un-premultiplying.
        for (var j = 0; j < px.length; j += 4) { px[j] = 255; px[j + 1] = 255; px[j + 2] = 255; }
      }
      HEAPU8.set(px, out);
      return colored ? 1 : 0;
    } catch (e) {
      return -1;
    }
  },
});
