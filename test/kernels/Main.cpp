// The Catch2 runner for thymos-kernel-tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
