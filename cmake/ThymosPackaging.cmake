# ThymosPackaging.cmake: Debian packages with CPack (`cpack -G DEB` in a build
# directory; docs/install.md). The install components of ThymosInstall.cmake
# become the packages:
#
#   full build          thymos          tools (the programs, man pages,
#                                       bash completion)
#                       libthymos-dev   dev (headers, libthymos.so,
#                                       libthymos_runtime.a/.so, CMake and
#                                       pkg-config files)
#   THYMOS_RUNTIME_ONLY thymos-runtime  runtime (thymos-run, thymos-generate,
#                                       libthymos_runtime.so), typically
#                                       cross-built for a board (arm64)
#
# Each package's version is PROJECT_VERSION, the one version of Thymos.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME thymos)
set(CPACK_PACKAGE_VENDOR "The Thymos developers")
set(CPACK_PACKAGE_CONTACT "The Thymos developers <thymos@localhost>")
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it above each
# package's own description, whose first line is its summary.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)

# The target's Debian architecture: dpkg's own is the host's, wrong when
# cross-compiling.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
endif()

if(THYMOS_RUNTIME_ONLY)
  set(CPACK_COMPONENTS_ALL runtime)
  set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME thymos-runtime)
  set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
      "runtime for compiled Thymos tensor graphs\n\
thymos-run validates and runs execution plans compiled by thymosc on any\n\
machine; thymos-generate runs compiled llama models to generate text.\n\
libthymos_runtime embeds the same runtime in a program. Nothing but the C\n\
and C++ standard libraries is needed.")
  # Written out rather than found by dpkg-shlibdeps, which knows no arm64
  # libraries on an amd64 host; test/packaging checks it against the NEEDED
  # entries of the binaries.
  set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libc6 (>= 2.34), libstdc++6 (>= 12)")
else()
  set(CPACK_COMPONENTS_ALL tools dev)
  set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME thymos)
  set(CPACK_COMPONENT_TOOLS_DESCRIPTION
      "compiler and runtime for typed tensor graphs\n\
Thymos compiles models written in .thy, a textual IR of typed tensor ops,\n\
into self-contained execution plans, and runs them on the CPU or a CUDA GPU.\n\
This package holds the tools: thymosc (compiler), thymos-run (runtime),\n\
thymos-generate (text generation with llama models), thymos-gguf (GGUF\n\
files), thymos-plan (memory planner) and thymos-fit (classical models).")
  set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_DEV_PACKAGE_NAME libthymos-dev)
  set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
  set(CPACK_COMPONENT_DEV_DESCRIPTION
      "development files for Thymos\n\
Headers and libraries to build, compile and run Thymos tensor graphs from C\n\
(libthymos, <thymos/thymos.h>), to embed the runtime (libthymos_runtime,\n\
<thymos/thymos_runtime.h>), and to write pass plugins for thymosc, with\n\
CMake (find_package(Thymos)) and pkg-config (thymos, thymos-runtime) files.")
  set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS ON)
  # Pass plugins compile against the LLVM and fmt headers thymosc was built with.
  set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "llvm-${LLVM_VERSION_MAJOR}-dev, libfmt-dev")
endif()

include(CPack)
