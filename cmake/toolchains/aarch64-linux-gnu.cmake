# Cross-compiling for 64-bit ARM Linux (a Jetson, a Raspberry Pi 4/5, a
# Graviton host) with Debian's g++-aarch64-linux-gnu:
#
#   cmake --preset runtime-aarch64 && cmake --build --preset runtime-aarch64
#   (or: cmake -S . -B build/arm -DTHYMOS_RUNTIME_ONLY=ON
#          -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake)
#
# Only the runtime-only build cross-compiles (the compiler needs LLVM for
# the host it runs on); plans compiled on any machine run on the result.
# Where qemu-aarch64 is installed (Debian's qemu-user), ctest and the
# CMAKE_CROSSCOMPILING_EMULATOR below run the aarch64 binaries on this host.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(THYMOS_AARCH64_PREFIX aarch64-linux-gnu CACHE STRING "the cross tools' prefix")
set(CMAKE_C_COMPILER ${THYMOS_AARCH64_PREFIX}-gcc)
set(CMAKE_CXX_COMPILER ${THYMOS_AARCH64_PREFIX}-g++)

# Headers and libraries of the target only; programs of the host.
set(CMAKE_FIND_ROOT_PATH /usr/${THYMOS_AARCH64_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(THYMOS_QEMU_AARCH64 qemu-aarch64)
if(THYMOS_QEMU_AARCH64)
  # -L: where the emulated loader finds the target's libc and libstdc++.
  set(CMAKE_CROSSCOMPILING_EMULATOR ${THYMOS_QEMU_AARCH64} -L /usr/${THYMOS_AARCH64_PREFIX})
endif()
