# Publishes the web root from its staging directory (cmake -P, run after every link of `telemed` and
# whenever shell/ changes):
#   cmake -DSTAGE=<dir> -DOUT=<dir> -P cmake/publish_web.cmake
#
# - Every file but index.html gets a content-hashed name (app.wasm -> app.3f9c1e0a7b2d.wasm): browsers may
#   keep it for a year without asking again, and a new build can never be mixed with an old cached file.
# - index.html (and each style sheet) names the hashed files; index.html also carries the whole map in <meta name="telemed-assets"> for
#   shell/boot.js (Emscripten's glue asks for "app.wasm" and "app.data" by their plain names).
# - Every file whose type compresses gets brotli (quality 11) and gzip (-9) copies beside it: the server
#   sends the smallest form the browser accepts (server/net/static_files.cpp) and compresses nothing
#   itself. Already compressed types (images, sounds, fonts in woff2) are left alone.
# - Whatever an older build published and this one did not is removed, so the root holds one build.
cmake_minimum_required(VERSION 3.20)
if(NOT STAGE OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DSTAGE=<staging dir> -DOUT=<web root> -P publish_web.cmake")
endif()
get_filename_component(STAGE "${STAGE}" ABSOLUTE)
get_filename_component(OUT "${OUT}" ABSOLUTE)
find_program(BROTLI brotli REQUIRED)
find_program(GZIP gzip REQUIRED)

set(HASH_LENGTH 12)
set(COMPRESSIBLE_EXTENSIONS .html .js .mjs .css .wasm .data .bin .svg .json .txt .map .webmanifest .ttf .otf)

# app.wasm + 3f9c... -> app.3f9c....wasm (the hash goes before the last extension).
function(hashed_name relative hash out_var)
  get_filename_component(dir "${relative}" DIRECTORY)
  get_filename_component(name "${relative}" NAME)
  string(FIND "${name}" "." dot REVERSE)
  if(dot LESS 1)
    set(result "${name}.${hash}")
  else()
    string(SUBSTRING "${name}" 0 ${dot} stem)
    string(SUBSTRING "${name}" ${dot} -1 extension)
    set(result "${stem}.${hash}${extension}")
  endif()
  if(dir)
    set(result "${dir}/${result}")
  endif()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# Writes <file>.br and <file>.gz unless they exist already (a hashed name never changes content). A copy
# that came out larger than the file stays: the server sends whichever accepted form is smallest.
function(write_compressed_copies file)
  get_filename_component(extension "${file}" LAST_EXT)
  if(NOT extension IN_LIST COMPRESSIBLE_EXTENSIONS)
    return()
  endif()
  if(NOT EXISTS "${file}.br")
    execute_process(COMMAND "${BROTLI}" -q 11 -f -o "${file}.br" "${file}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "brotli failed on ${file}")
    endif()
  endif()
  if(NOT EXISTS "${file}.gz")
    # -n: no name or time stamp inside, so the same input always gives the same bytes (and ETag).
    execute_process(COMMAND "${GZIP}" -9 -n -c "${file}" OUTPUT_FILE "${file}.gz" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gzip failed on ${file}")
    endif()
  endif()
endfunction()

file(GLOB_RECURSE staged RELATIVE "${STAGE}" "${STAGE}/*")
list(REMOVE_ITEM staged index.html)
if(NOT EXISTS "${STAGE}/index.html")
  message(FATAL_ERROR "${STAGE}/index.html is missing")
endif()
list(SORT staged)

set(published index.html index.html.br index.html.gz)
set(asset_map "")
set(renamed_from "")
set(renamed_to "")
file(READ "${STAGE}/index.html" page)

# Quoted references to staged files ("style.css", 'app.js') in `text_var` -> their published names.
function(rename_references text_var)
  set(text "${${text_var}}")
  foreach(from to IN ZIP_LISTS renamed_from renamed_to)
    string(REPLACE "\"${from}\"" "\"${to}\"" text "${text}")
    string(REPLACE "'${from}'" "'${to}'" text "${text}")
  endforeach()
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

# Copies one staged file (or `content`, when given) under its hashed name and records the new name.
macro(publish relative hash_source)
  string(SHA256 hash "${hash_source}")
  string(SUBSTRING "${hash}" 0 ${HASH_LENGTH} hash)
  hashed_name("${relative}" "${hash}" target)
  if(NOT EXISTS "${OUT}/${target}")
    get_filename_component(target_dir "${OUT}/${target}" DIRECTORY)
    file(MAKE_DIRECTORY "${target_dir}")
    if(DEFINED content)
      file(WRITE "${OUT}/${target}" "${content}")
    else()
      file(COPY_FILE "${STAGE}/${relative}" "${OUT}/${target}")
    endif()
  endif()
  write_compressed_copies("${OUT}/${target}")
  list(APPEND published "${target}" "${target}.br" "${target}.gz")
  list(APPEND renamed_from "${relative}")
  list(APPEND renamed_to "${target}")
  if(asset_map)
    string(APPEND asset_map ",")
  endif()
  string(APPEND asset_map "\"${relative}\":\"${target}\"")
endmacro()

# Files that name no other file first; then the style sheets, which do (url("favicon.svg")): each is
# rewritten to the published names and hashed as rewritten, so a new icon gives a new style sheet name.
set(style_sheets "")
foreach(relative IN LISTS staged)
  if(relative MATCHES "\\.css$")
    list(APPEND style_sheets "${relative}")
    continue()
  endif()
  file(SHA256 "${STAGE}/${relative}" file_hash)
  unset(content)
  publish("${relative}" "${file_hash}")
endforeach()
foreach(relative IN LISTS style_sheets)
  file(READ "${STAGE}/${relative}" content)
  rename_references(content)
  publish("${relative}" "${content}")
  unset(content)
endforeach()
rename_references(page)

string(REPLACE "<!-- telemed-assets -->" "<meta name=\"telemed-assets\" content='{${asset_map}}'>" page "${page}")
# Written only when it changed, so an unchanged build leaves the page (and its ETag) alone.
set(index "${OUT}/index.html")
set(old_page "")
if(EXISTS "${index}")
  file(READ "${index}" old_page)
endif()
if(NOT old_page STREQUAL page)
  file(WRITE "${index}" "${page}")
  file(REMOVE "${index}.br" "${index}.gz")
endif()
write_compressed_copies("${index}")

file(GLOB_RECURSE present RELATIVE "${OUT}" "${OUT}/*")
foreach(relative IN LISTS present)
  if(NOT relative IN_LIST published)
    file(REMOVE "${OUT}/${relative}")
  endif()
endforeach()
list(LENGTH staged count)
message(STATUS "Published ${count} hashed files and index.html to ${OUT}")
