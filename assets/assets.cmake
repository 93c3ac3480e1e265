# The files the app ships from Debian packages, staged from assets/manifest.tsv into the WASM build tree.
# Included from cmake/wasm.cmake. The manifest is the one list: editing it re-runs CMake, and a file
# dropped from it is removed from the staging directory (the fonts directory is packed whole).
#
#   telemed_stage_assets(<kind> <dest-dir> <sources-var> <staged-var>)
#     copies every manifest line of <kind> (font|sound) from its source path to <dest-dir>/<ships_as>
#     (at configure time, again whenever the source changes) and returns both path lists.
set(TELEMED_ASSET_MANIFEST "${CMAKE_CURRENT_LIST_DIR}/manifest.tsv")
set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${TELEMED_ASSET_MANIFEST}")

function(telemed_stage_assets kind dest sources_var staged_var)
  file(STRINGS "${TELEMED_ASSET_MANIFEST}" lines)
  set(sources)
  set(staged)
  foreach(line IN LISTS lines)
    if(line STREQUAL "" OR line MATCHES "^#")
      continue()
    endif()
    string(REPLACE "\t" ";" fields "${line}")
    list(LENGTH fields count)
    if(NOT count EQUAL 7)
      message(FATAL_ERROR "assets/manifest.tsv: expected 7 TAB-separated fields, got ${count}: ${line}")
    endif()
    list(GET fields 0 line_kind)
    list(GET fields 1 package)
    list(GET fields 2 source)
    list(GET fields 3 ships_as)
    if(NOT line_kind STREQUAL kind)
      continue()
    endif()
    if(NOT EXISTS "${source}")
      message(FATAL_ERROR "assets/manifest.tsv: ${source} is missing; it comes from the Debian package "
                          "${package} (bash tools/install-deps.sh installs it)")
    endif()
    file(MAKE_DIRECTORY "${dest}")
    configure_file("${source}" "${dest}/${ships_as}" COPYONLY)
    list(APPEND sources "${source}")
    list(APPEND staged "${dest}/${ships_as}")
  endforeach()
  # Whatever else is in the staging directory was staged by an older manifest: it must not ship.
  file(GLOB present "${dest}/*")
  foreach(f IN LISTS present)
    if(NOT f IN_LIST staged)
      file(REMOVE "${f}")
    endif()
  endforeach()
  set(${sources_var} ${sources} PARENT_SCOPE)
  set(${staged_var} ${staged} PARENT_SCOPE)
endfunction()
