# WASM targets (emcmake): the web client and the WASM test runner. Included from CMakeLists.txt.

# Dear ImGui from Debian's source package, built with the project's test-engine hooks enabled: they
# feed the accessibility/automation layer (src/ui/a11y).
add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
  ${IMGUI_DIR}/imgui_widgets.cpp ${IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp
  ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends ${IMGUI_DIR}/misc/cpp)
target_compile_definitions(imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_IMPL_OPENGL_ES3)

# The client: src/app + src/ui + the web halves of src/platform.
file(GLOB_RECURSE CLIENT_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/ui/*.cpp src/platform/*_web.cpp)
file(GLOB WEB_JS_LIBRARIES CONFIGURE_DEPENDS web/*.js)
add_executable(telemed ${CLIENT_SOURCES})
target_link_libraries(telemed PRIVATE core imgui)
target_compile_options(telemed PRIVATE ${TELEMED_WARNINGS})
set_target_properties(telemed PROPERTIES OUTPUT_NAME "app" SUFFIX ".js")
foreach(lib ${WEB_JS_LIBRARIES})
  target_link_options(telemed PRIVATE "SHELL:--js-library ${lib}")
endforeach()
set_property(TARGET telemed APPEND PROPERTY LINK_DEPENDS ${WEB_JS_LIBRARIES})
target_link_options(telemed PRIVATE
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web
  -sEXIT_RUNTIME=0 -sMODULARIZE=0 -lwebsocket.js
  "SHELL:-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']"
  "SHELL:--preload-file ${CMAKE_BINARY_DIR}/fonts@/fonts")

# Fonts come from Debian packages, copied into the build tree and packed next to app.js.
set(FONT_FILES
  /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
  /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf
  /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
  /usr/share/fonts/truetype/fork-awesome/forkawesome-webfont.ttf)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fonts)
foreach(f ${FONT_FILES})
  get_filename_component(n ${f} NAME)
  configure_file(${f} ${CMAKE_BINARY_DIR}/fonts/${n} COPYONLY)
endforeach()

# WASM unit tests: the protocol (and the rest of core) compiled to WASM, run under node.
file(GLOB_RECURSE WASM_TEST_SOURCES CONFIGURE_DEPENDS tests/wasm/*.test.cpp)
add_executable(wasm_tests tests/support/catch_main.cpp ${WASM_TEST_SOURCES})
target_link_libraries(wasm_tests PRIVATE core)
target_link_options(wasm_tests PRIVATE -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
