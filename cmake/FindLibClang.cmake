# Finds libclang through llvm-config and defines the IMPORTED target
# profilescan::libclang plus LIBCLANG_VERSION, LIBCLANG_MAJOR and
# LIBCLANG_RESOURCE_DIR (where clang's builtin headers such as stddef.h are).
#
# find_package(Clang) is not used: Debian ships no version file for it, and it
# pulls in all of LLVM's CMake modules for a library we use through its C API.

set(_candidates llvm-config-16 llvm-config-15 llvm-config-14 llvm-config)
if(LLVM_CONFIG)
  set(_candidates "${LLVM_CONFIG}")
endif()
unset(_found)
foreach(_name IN LISTS _candidates)
  find_program(_llvm_config_${_name} NAMES ${_name})
  set(_tool "${_llvm_config_${_name}}")
  if(NOT _tool)
    continue()
  endif()
  execute_process(COMMAND "${_tool}" --libdir OUTPUT_VARIABLE _libdir
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${_tool}" --includedir OUTPUT_VARIABLE _includedir
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${_tool}" --version OUTPUT_VARIABLE _version
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^([0-9]+).*" "\\1" _major "${_version}")
  if(_major LESS 14 OR _major GREATER 16)
    continue()
  endif()
  find_library(_libclang_${_major} NAMES clang "clang-${_major}"
               PATHS "${_libdir}" NO_DEFAULT_PATH)
  if(_libclang_${_major} AND EXISTS "${_includedir}/clang-c/Index.h")
    set(_found TRUE)
    break()
  endif()
endforeach()

if(NOT _found)
  message(FATAL_ERROR "libclang 14-16 not found through llvm-config. On Debian 12: "
                      "apt-get install libclang-14-dev libclang-common-14-dev")
endif()

set(LIBCLANG_VERSION "${_version}")
set(LIBCLANG_MAJOR "${_major}")
# Debian keeps the builtin headers under the versioned directory (14.0.6)
# up to LLVM 15 and under the major version from LLVM 16 on.
foreach(_dir "${_libdir}/clang/${_version}" "${_libdir}/clang/${_major}")
  if(EXISTS "${_dir}/include/stddef.h")
    set(LIBCLANG_RESOURCE_DIR "${_dir}")
    break()
  endif()
endforeach()
if(NOT LIBCLANG_RESOURCE_DIR)
  message(FATAL_ERROR "clang's builtin headers (stddef.h) not found under "
                      "${_libdir}/clang. On Debian 12: apt-get install "
                      "libclang-common-${_major}-dev")
endif()

add_library(profilescan::libclang UNKNOWN IMPORTED)
set_target_properties(profilescan::libclang PROPERTIES
  IMPORTED_LOCATION "${_libclang_${_major}}"
  INTERFACE_INCLUDE_DIRECTORIES "${_includedir}")
message(STATUS "libclang ${LIBCLANG_VERSION}: ${_libclang_${_major}}")
message(STATUS "clang builtin headers: ${LIBCLANG_RESOURCE_DIR}")
