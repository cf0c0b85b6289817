// A pipeline naming a pass that does not exist is refused before parsing.
// RUN: not thymosc %s --passes=verify,no-such-pass 2>&1 | FileCheck %s
// CHECK: thymosc: error: unknown pass 'no-such-pass' in pipeline (see --list-passes)
module @m
