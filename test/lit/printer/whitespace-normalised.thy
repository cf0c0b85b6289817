// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Spacing, blank lines and line breaks in the source do not survive: one
// statement per line, two spaces of indent, one blank line before each graph.
module    @m



graph   @f( %x :f32[ 4 , 2 ],%w:f32[2,3] )->f32[4,3]{
      %y=matmul %x,%w:(f32[4,2],f32[2,3])->f32[4,3]
  %z = relu
       %y
       : (f32[4,3])
       -> f32[4,3]
return %z }
// CHECK:      {{^}}module @m{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}graph @f(%x: f32[4,2], %w: f32[2,3]) -> f32[4,3] {{[{]}}{{$}}
// CHECK-NEXT: {{^}}  %y = matmul %x, %w : (f32[4,2], f32[2,3]) -> f32[4,3]{{$}}
// CHECK-NEXT: {{^}}  %z = relu %y : (f32[4,3]) -> f32[4,3]{{$}}
// CHECK-NEXT: {{^}}  return %z{{$}}
// CHECK-NEXT: {{^}}}{{$}}
