// The JS half of src/platform/files.h (an Emscripten --js-library): the file chooser, files dropped on
// the page, and images decoded by the browser (createImageBitmap) straight into WebGL textures that
// ImGui draws (a texture's name in Emscripten's GL.textures table is its ImTextureID).
//
// Sections: [files] [images]

mergeInto(LibraryManager.library, {
  $TMFiles: {
    queue: [],           // {name, size, bytes: Uint8Array}, oldest first
    readLimit: 10 * 1024 * 1024,
    input: null,
    dropOn: false,
    images: {},          // handle -> {texture: name | 0, width, height, failed}
    nextImage: 1,

    // Reads the files (whole up to readLimit, else their first 64 bytes) in the order given.
    add: function(fileList) {
      var files = Array.prototype.slice.call(fileList || []);
      var chain = Promise.resolve();
      files.forEach(function(f) {
        chain = chain.then(function() {
          var part = f.size > TMFiles.readLimit ? f.slice(0, 64) : f;
          return part.arrayBuffer().then(function(buf) {
            TMFiles.queue.push({name: f.name || 'file', size: f.size, bytes: new Uint8Array(buf)});
            TM.requestFrame();
          }, function() {
            TMFiles.queue.push({name: f.name || 'file', size: f.size, bytes: new Uint8Array(0)});
            TM.requestFrame();
          });
        });
      });
    },
  },

  // [files] -----------------------------------------------------------------------------------------
  telemed_files_open_picker__deps: ['$TMFiles', '$TM'],
  telemed_files_open_picker: function() {
    // A fresh input each time, in the document (some browsers ignore click() on a detached one). The
    // accept list is a hint for the chooser only: the server decides from the bytes.
    if (TMFiles.input) TMFiles.input.remove();
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';
    input.style.display = 'none';
    input.setAttribute('aria-hidden', 'true');
    input.addEventListener('change', function() {
      TMFiles.add(input.files);
      input.remove();
      if (TMFiles.input === input) TMFiles.input = null;
    });
    document.body.appendChild(input);
    TMFiles.input = input;
    input.click();
  },

  telemed_files_enable_drop__deps: ['$TMFiles', '$TM'],
  telemed_files_enable_drop: function() {
    if (TMFiles.dropOn) return;
    TMFiles.dropOn = true;
    var hasFiles = function(e) {
      return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], 'Files') >= 0;
    };
    document.addEventListener('dragover', function(e) {
      if (!hasFiles(e)) return;
      e.preventDefault();  // without this the browser opens the file instead of dropping it here
      e.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('drop', function(e) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      TMFiles.add(e.dataTransfer.files);
    });
  },

  telemed_files_set_read_limit__deps: ['$TMFiles'],
  telemed_files_set_read_limit: function(bytes) { TMFiles.readLimit = bytes; },

  telemed_files_next__deps: ['$TMFiles'],
  telemed_files_next: function(sizeOut, nameBytesOut) {
    var f = TMFiles.queue[0];
    if (!f) return -1;
    HEAPF64[sizeOut >> 3] = f.size;
    HEAP32[nameBytesOut >> 2] = lengthBytesUTF8(f.name);
    return f.bytes.length;
  },

  telemed_files_take__deps: ['$TMFiles'],
  telemed_files_take: function(data, name) {
    var f = TMFiles.queue.shift();
    if (!f) return;
    HEAPU8.set(f.bytes, data);
    stringToUTF8(f.name, name, lengthBytesUTF8(f.name) + 1);
  },

  // [images] ----------------------------------------------------------------------------------------
  // Decodes with createImageBitmap (scaled down to max_side on its longest side) and uploads the bitmap
  // to a texture of the app's WebGL context. The previous texture binding is restored: ImGui's renderer
  // binds its own textures per draw call anyway.
  telemed_image_decode__deps: ['$TMFiles', '$TM', '$GL'],
  telemed_image_decode: function(data, size, mime, maxSide) {
    var handle = TMFiles.nextImage++;
    var entry = {texture: 0, width: 0, height: 0, failed: false};
    TMFiles.images[handle] = entry;
    var blob = new Blob([HEAPU8.slice(data, data + size)], {type: UTF8ToString(mime)});
    // Upright as the camera meant it: the EXIF orientation the server keeps (the only EXIF it keeps).
    createImageBitmap(blob, {imageOrientation: 'from-image'}).then(function(full) {
      var scale = Math.min(1, maxSide / Math.max(full.width, full.height));
      if (scale >= 1) return full;
      var w = Math.max(1, Math.round(full.width * scale)), h = Math.max(1, Math.round(full.height * scale));
      return createImageBitmap(full, {resizeWidth: w, resizeHeight: h, resizeQuality: 'high'}).then(function(small) {
        full.close();
        return small;
      });
    }).then(function(bitmap) {
      if (TMFiles.images[handle] !== entry) { bitmap.close(); return; }  // released meanwhile
      var gl = GLctx;
      var previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
      var tex = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, tex);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
      gl.bindTexture(gl.TEXTURE_2D, previous);
      var name = GL.getNewId(GL.textures);
      tex.name = name;
      GL.textures[name] = tex;
      entry.texture = name;
      entry.width = bitmap.width;
      entry.height = bitmap.height;
      bitmap.close();
      TM.requestFrame();
    }).catch(function() {
      entry.failed = true;
      TM.requestFrame();
    });
    return handle;
  },

  telemed_image_state__deps: ['$TMFiles'],
  telemed_image_state: function(handle, wOut, hOut) {
    var e = TMFiles.images[handle];
    if (!e || e.failed) return -1;
    HEAP32[wOut >> 2] = e.width;
    HEAP32[hOut >> 2] = e.height;
    return e.texture;
  },

  telemed_image_release__deps: ['$TMFiles', '$GL'],
  telemed_image_release: function(handle) {
    var e = TMFiles.images[handle];
    if (!e) return;
    delete TMFiles.images[handle];
    if (e.texture && GL.textures[e.texture]) {
      GLctx.deleteTexture(GL.textures[e.texture]);
      GL.textures[e.texture] = null;
    }
  },
});
