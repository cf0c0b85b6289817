// RUN: thymosc %s --load-pass-plugin=%plugin_example --passes=report-cost --emit=thy 2>%t.cost | FileCheck %s --check-prefix=IR
// RUN: FileCheck %s --input-file=%t.cost
// report-cost prints one table per graph to stderr and leaves the IR (stdout)
// unchanged. FLOPs: matmul 2·m·n·k = 2·64·1·4 = 512; add, one per result
// element = 64; sum, one per input element = 64. Bytes: operands plus
// results, 4 bytes per f32: matmul (256 + 4 + 64)·4 = 1296, add
// (64 + 1 + 64)·4 = 516, sum (64 + 1)·4 = 260.
module @linreg

graph @predict(%x: f32[64,4], %w: f32[4,1], %b: f32[1]) -> (f32[64,1], f32[]) {
  %xw = matmul %x, %w : (f32[64,4], f32[4,1]) -> f32[64,1]
  %y = add %xw, %b : (f32[64,1], f32[1]) -> f32[64,1]
  %t = sum %y {axes = [0, 1]} : (f32[64,1]) -> f32[]
  return %y, %t
}

graph @copy(%x: f32[2,3]) -> f32[3,2] {
  %t = transpose %x {perm = [1, 0]} : (f32[2,3]) -> f32[3,2]
  return %t
}

// IR-LABEL: graph @predict
// IR-NEXT:    %xw = matmul %x, %w
// IR-NEXT:    %y = add %xw, %b
// IR-NEXT:    %t = sum %y

// CHECK-LABEL: report-cost @predict
// CHECK-NEXT:  {{^ *}}#  op               result                flops          bytes
// CHECK-NEXT:  {{^ *}}0  matmul           %xw                     512           1296
// CHECK-NEXT:  {{^ *}}1  add              %y                       64            516
// CHECK-NEXT:  {{^ *}}2  sum              %t                       64            260
// CHECK-NEXT:  {{^ *}}total                                       640           2072
// CHECK-LABEL: report-cost @copy
// CHECK:       {{^ *}}0  transpose        %t                        0             48
// CHECK-NEXT:  {{^ *}}total                                         0             48
