# ThymosInstall.cmake: `cmake --install <build> --prefix P` lays out the SDK.
#
#   P/bin/thymosc, thymos-run, thymos-plan, thymos-gguf, thymos-generate,
#         thymos-fit
#   P/share/man/man1/*.1.gz               from each tool's --help (help2man)
#   P/share/bash-completion/completions/thymosc, thymos-generate
#   P/include/thymos/{ir,passes}/*.h      #include "ir/Module.h" with
#   P/include/thymos/ir/*.h.inc           P/include/thymos on the path
#   P/include/thymos/Version.h            #include "thymos/Version.h"
#   P/include/thymos/thymos.h             the graph-building C API, with
#   P/include/thymos/thymos_ops.h         its generated op builders, in
#   P/lib/libthymos.so                    one library (-lthymos)
#   P/lib/cmake/Thymos/ThymosConfig.cmake, ThymosConfigVersion.cmake,
#                      ThymosTargets.cmake, ThymosAddPassPlugin.cmake
#   P/include/thymos/thymos_runtime.h     the runtime's C APIs, to run
#   P/include/thymos/thymos_llm.h         plans and generate text (with
#   P/include/thymos/thymos_common.h      the status codes and dtypes they
#   P/include/thymos/thymos_dtype.h       share with thymos.h), with
#   P/lib/libthymos_runtime.a, .so        pkg-config --cflags --libs
#   P/lib/pkgconfig/thymos-runtime.pc     thymos-runtime (or thymos, for
#   P/lib/pkgconfig/thymos.pc             the builder)
#
# A runtime-only build (THYMOS_RUNTIME_ONLY) installs P/bin/thymos-run,
# P/bin/thymos-generate (plans only) and the runtime's C API part above, and
# nothing of the compiler.
#
# Every rule names a component, which cmake/ThymosPackaging.cmake turns into
# Debian packages: `tools` (programs, man pages, completions), `dev`
# (headers, libraries, CMake and pkg-config files) and `runtime` (what a
# board needs to run plans: thymos-run, thymos-generate, the shared runtime).
#
# Included last by the top-level CMakeLists.txt, once every target exists.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(THYMOS_INSTALL_BINDIR ${CMAKE_INSTALL_BINDIR})
set(THYMOS_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
set(THYMOS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Thymos)

if(THYMOS_RUNTIME_ONLY)
  install(TARGETS thymos-run thymos-generate RUNTIME DESTINATION ${THYMOS_INSTALL_BINDIR}
          COMPONENT runtime)
else()
  set(THYMOS_INSTALLED_TOOLS thymosc thymos-run thymos-plan thymos-gguf thymos-generate thymos-fit)
  install(TARGETS ${THYMOS_INSTALLED_TOOLS} RUNTIME DESTINATION ${THYMOS_INSTALL_BINDIR}
          COMPONENT tools)
  include(${PROJECT_SOURCE_DIR}/cmake/ThymosManPages.cmake)

  # The plugin API: every header of ir/ and passes/, the plain headers of the
  # compiler/runtime contract they include (limits, the fused encoding, the
  # elementwise math), the headers generated from ir/Ops.td, and Version.h.
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/ir ${PROJECT_SOURCE_DIR}/passes
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos
          COMPONENT dev FILES_MATCHING PATTERN "*.h")
  install(FILES ${PROJECT_SOURCE_DIR}/runtime/CheckedSize.h ${PROJECT_SOURCE_DIR}/runtime/FusedProgram.h
                ${PROJECT_SOURCE_DIR}/runtime/PlanFormat.h ${PROJECT_SOURCE_DIR}/runtime/Tensor.h
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos/runtime COMPONENT dev)
  install(FILES ${PROJECT_SOURCE_DIR}/runtime/cpu/ElementwiseMath.h
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos/runtime/cpu COMPONENT dev)
  install(FILES ${THYMOS_GEN_DIR}/ir/DTypes.h.inc ${THYMOS_GEN_DIR}/ir/OpKinds.h.inc
                ${THYMOS_GEN_DIR}/ir/OpTraits.h.inc
                ${THYMOS_GEN_DIR}/ir/OpAdaptors.h.inc
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos/ir COMPONENT dev)
  install(FILES ${CMAKE_BINARY_DIR}/include/thymos/Version.h
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos COMPONENT dev)

  # The graph-building C API: its header, the op builders generated from
  # ir/Ops.td, and libthymos.so (capi/CMakeLists.txt), as Thymos::capi.
  install(FILES ${PROJECT_SOURCE_DIR}/include/thymos/thymos.h
                ${CMAKE_BINARY_DIR}/include/thymos/thymos_ops.h
          DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos COMPONENT dev)
  set(THYMOS_EXPORTED thymos_capi_shared)
  if(TARGET thymos_runtime_shared)
    list(APPEND THYMOS_EXPORTED thymos_runtime_shared)
  endif()
  install(TARGETS ${THYMOS_EXPORTED} EXPORT ThymosTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
          INCLUDES DESTINATION ${THYMOS_INSTALL_INCLUDEDIR})
  install(EXPORT ThymosTargets NAMESPACE Thymos:: DESTINATION ${THYMOS_INSTALL_CMAKEDIR}
          COMPONENT dev)

  # The package: one source of truth for the API version, PassPlugin.h.
  file(STRINGS ${PROJECT_SOURCE_DIR}/passes/PassPlugin.h THYMOS_PASS_PLUGIN_API_VERSION
       REGEX "^#define THYMOS_PASS_PLUGIN_API_VERSION [0-9]+$")
  string(REGEX REPLACE ".* " "" THYMOS_PASS_PLUGIN_API_VERSION "${THYMOS_PASS_PLUGIN_API_VERSION}")
  configure_package_config_file(
    ${PROJECT_SOURCE_DIR}/cmake/ThymosConfig.cmake.in
    ${CMAKE_BINARY_DIR}/cmake/ThymosConfig.cmake
    INSTALL_DESTINATION ${THYMOS_INSTALL_CMAKEDIR}
    PATH_VARS THYMOS_INSTALL_INCLUDEDIR THYMOS_INSTALL_BINDIR)
  # Plugins are checked against thymosc's plugin API version at load time; the
  # package version says which SDK headers to compile against (0.x: same minor).
  write_basic_package_version_file(
    ${CMAKE_BINARY_DIR}/cmake/ThymosConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMinorVersion)
  install(FILES ${CMAKE_BINARY_DIR}/cmake/ThymosConfig.cmake
                ${CMAKE_BINARY_DIR}/cmake/ThymosConfigVersion.cmake
                ${PROJECT_SOURCE_DIR}/cmake/ThymosAddPassPlugin.cmake
          DESTINATION ${THYMOS_INSTALL_CMAKEDIR} COMPONENT dev)
endif()

# The runtime's C API for embedding: headers, static and shared library,
# pkg-config files (configured into the build tree too, so they can be
# inspected before install).
if(CMAKE_DL_LIBS)
  set(THYMOS_PC_DL_LIBS -l${CMAKE_DL_LIBS})
endif()
file(RELATIVE_PATH THYMOS_PC_PCFILEDIR_TO_PREFIX /P/${CMAKE_INSTALL_LIBDIR}/pkgconfig /P)
string(REGEX REPLACE "/$" "" THYMOS_PC_PCFILEDIR_TO_PREFIX "${THYMOS_PC_PCFILEDIR_TO_PREFIX}")
set(THYMOS_PC_FILES thymos-runtime.pc)
if(NOT THYMOS_RUNTIME_ONLY)
  list(APPEND THYMOS_PC_FILES thymos.pc)
endif()
foreach(pc IN LISTS THYMOS_PC_FILES)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.in ${CMAKE_BINARY_DIR}/pkgconfig/${pc} @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/${pc}
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/include/thymos/thymos_runtime.h
              ${PROJECT_SOURCE_DIR}/include/thymos/thymos_llm.h
              ${PROJECT_SOURCE_DIR}/include/thymos/thymos_common.h
              ${PROJECT_SOURCE_DIR}/include/thymos/thymos_dtype.h
        DESTINATION ${THYMOS_INSTALL_INCLUDEDIR}/thymos COMPONENT dev)
install(TARGETS thymos_runtime ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
# The shared runtime goes to a board with thymos-run (its unversioned name,
# for linking, with the headers); the full build exports it above.
if(TARGET thymos_runtime_shared)
  set_target_properties(thymos_runtime_shared PROPERTIES EXPORT_NAME runtime)
endif()
if(THYMOS_RUNTIME_ONLY AND TARGET thymos_runtime_shared)
  install(TARGETS thymos_runtime_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT runtime NAMELINK_COMPONENT dev)
endif()
