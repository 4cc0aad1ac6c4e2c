# Third-party dependencies for both toolchains, as imported targets:
#   limn::sodium limn::gdcm limn::json limn::catch2 (both)
#   limn::imgui (wasm)   limn::httplib limn::sqlite limn::libpq (native)
# Cached builds are located through the file script/bootstrap writes.

set(LIMN_DEPS_FILE "${PROJECT_SOURCE_DIR}/build/deps.env" CACHE FILEPATH "written by script/bootstrap")
if(NOT EXISTS "${LIMN_DEPS_FILE}")
  message(FATAL_ERROR "${LIMN_DEPS_FILE} is missing: run script/bootstrap first")
endif()
# A rebuilt dependency (a new cache folder) reconfigures the build.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${LIMN_DEPS_FILE}")
file(STRINGS "${LIMN_DEPS_FILE}" _limn_dep_lines)
foreach(_line IN LISTS _limn_dep_lines)
  if(_line MATCHES "^([A-Z_]+)=(.*)$")
    set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  endif()
endforeach()

# GDCM: static libraries from the cache; order matters for GNU ld, so the
# native link wraps them in a group.
function(limn_import_gdcm prefix)
  file(GLOB _libs "${prefix}/lib/*.a")
  if(NOT _libs)
    message(FATAL_ERROR "no GDCM libraries under ${prefix}: rerun script/bootstrap")
  endif()
  add_library(limn_gdcm INTERFACE)
  target_include_directories(limn_gdcm SYSTEM INTERFACE "${prefix}/include/gdcm")
  # GDCM's own copy of expat (built with it from Debian's source, its symbols
  # prefixed gdcmexpat_): the XML parser of both builds (Pascal VOC import).
  # Its headers stay in the bootstrap cache's src and build folders.
  get_filename_component(_cache "${prefix}" DIRECTORY)
  target_include_directories(limn_gdcm SYSTEM INTERFACE "${_cache}/src/Utilities/gdcmexpat/lib"
                                                        "${_cache}/build/Utilities/gdcmexpat")
  if(EMSCRIPTEN)
    target_link_libraries(limn_gdcm INTERFACE ${_libs})
  else()
    target_link_libraries(limn_gdcm INTERFACE "-Wl,--start-group" ${_libs} "-Wl,--end-group" dl)
  endif()
  add_library(limn::gdcm ALIAS limn_gdcm)
endfunction()

if(EMSCRIPTEN)
  # Header-only libraries reach em++ through a private folder of links:
  # -I/usr/include would pull the host libc into the wasm build.
  set(_sysinc "${CMAKE_BINARY_DIR}/sysinc")
  file(MAKE_DIRECTORY "${_sysinc}")
  foreach(_dir nlohmann catch2 nifti)
    if(NOT EXISTS "${_sysinc}/${_dir}")
      file(CREATE_LINK "/usr/include/${_dir}" "${_sysinc}/${_dir}" SYMBOLIC)
    endif()
  endforeach()
  add_library(limn_sysinc INTERFACE)
  target_include_directories(limn_sysinc SYSTEM INTERFACE "${_sysinc}")
  add_library(limn::json ALIAS limn_sysinc)
  add_library(limn::catch2 ALIAS limn_sysinc)

  add_library(limn_sodium INTERFACE)
  target_include_directories(limn_sodium SYSTEM INTERFACE "${LIMN_SODIUM_WASM}/include")
  target_link_libraries(limn_sodium INTERFACE "${LIMN_SODIUM_WASM}/lib/libsodium.a")
  add_library(limn::sodium ALIAS limn_sodium)

  add_library(limn_imgui INTERFACE)
  target_include_directories(limn_imgui SYSTEM INTERFACE "${LIMN_IMGUI_WASM}/include/imgui"
                             "${LIMN_IMGUI_WASM}/include/imgui/backends")
  target_link_libraries(limn_imgui INTERFACE "${LIMN_IMGUI_WASM}/lib/libimgui.a")
  add_library(limn::imgui ALIAS limn_imgui)

  limn_import_gdcm("${LIMN_GDCM_WASM}")
else()
  find_package(PkgConfig REQUIRED)
  find_package(Threads REQUIRED)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
  pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
  pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlidec libbrotlienc)
  pkg_check_modules(SQLITE REQUIRED IMPORTED_TARGET sqlite3)
  pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
  find_package(OpenSSL REQUIRED)
  find_package(nlohmann_json 3 REQUIRED)

  add_library(limn::sodium ALIAS PkgConfig::SODIUM)
  add_library(limn::sqlite ALIAS PkgConfig::SQLITE)
  add_library(limn::libpq ALIAS PkgConfig::LIBPQ)
  # cpp-httplib from Debian's source with this project's patches, built by
  # script/bootstrap (script/patches/cpp-httplib); its header comes before
  # any copy in /usr/include.
  if(NOT EXISTS "${LIMN_HTTPLIB_NATIVE}/lib/libcpp-httplib.a")
    message(FATAL_ERROR "no cpp-httplib under '${LIMN_HTTPLIB_NATIVE}': rerun script/bootstrap")
  endif()
  add_library(limn_httplib INTERFACE)
  target_include_directories(limn_httplib SYSTEM BEFORE INTERFACE "${LIMN_HTTPLIB_NATIVE}/include")
  separate_arguments(_httplib_defines UNIX_COMMAND "${LIMN_HTTPLIB_DEFINES}")
  target_compile_options(limn_httplib INTERFACE ${_httplib_defines})
  target_link_libraries(limn_httplib INTERFACE "${LIMN_HTTPLIB_NATIVE}/lib/libcpp-httplib.a" PkgConfig::BROTLI
                        PkgConfig::ZLIB OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
  add_library(limn::httplib ALIAS limn_httplib)
  add_library(limn::json ALIAS nlohmann_json::nlohmann_json)
  add_library(limn_catch2 INTERFACE)  # Debian's catch2 v2: header only, in /usr/include
  add_library(limn::catch2 ALIAS limn_catch2)

  limn_import_gdcm("${LIMN_GDCM_NATIVE}")
endif()
