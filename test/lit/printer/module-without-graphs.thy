// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// A module may hold no graph at all.
// CHECK: {{^}}module @empty{{$}}
// CHECK-NOT: graph
module @empty
