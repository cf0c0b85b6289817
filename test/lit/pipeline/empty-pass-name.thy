// An empty name in a pipeline is an error.
// RUN: not thymosc %s --passes=verify,,verify 2>&1 | FileCheck %s
// CHECK: thymosc: error: empty pass name in pipeline 'verify,,verify'
module @m
