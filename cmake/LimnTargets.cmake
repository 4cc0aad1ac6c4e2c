# Flags shared by every Limn target, and helpers for wasm executables.

add_library(limn_options INTERFACE)
target_include_directories(limn_options INTERFACE "${PROJECT_SOURCE_DIR}")
target_compile_options(limn_options INTERFACE -Wall -Wextra -Wno-unused-parameter)
if(EMSCRIPTEN)
  # GDCM throws while parsing ordinary files: exceptions must work, and one
  # exception model must be used by every object in the link.
  # Bulk memory: memcpy/memset become single instructions (decoded images
  # are copied a lot); every browser with WebGL2 has it.
  target_compile_options(limn_options INTERFACE -fwasm-exceptions -mbulk-memory)
  # PRINTF_LONG_DOUBLE: printf/strtold at the full width of wasm's long
  # double (binary128), which the exports' exact coordinates rely on.
  target_link_options(limn_options INTERFACE -fwasm-exceptions -mbulk-memory -sALLOW_MEMORY_GROWTH=1
                      -sMAXIMUM_MEMORY=4GB -sPRINTF_LONG_DOUBLE=1)
endif()

# A program that runs under Node with direct access to the host file system
# (the wasm test suite, limn.js).
function(limn_node_program target)
  if(EMSCRIPTEN)
    target_link_options(${target} PRIVATE -sNODERAWFS=1 -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
  endif()
endfunction()

set(LIMN_PYDICOM_DATA "/usr/lib/python3/dist-packages/pydicom/data" CACHE PATH
    "Debian python3-pydicom's test data, used by tests and benchmarks")
