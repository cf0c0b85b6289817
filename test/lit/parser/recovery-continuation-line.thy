// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// A statement may continue on the next line. After an error the parser resumes
// at a line that starts a statement ('%name', 'return', '}' or 'graph'), so a
// continuation line, and the '%x' operand inside it, are not taken for new
// statements.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:8: error: unknown op 'ad'; did you mean 'add'?
  %y = ad %x, %x
       : (f32[4], f32[4]) -> f32[4]
  %z = exp %x
     : (f32[4]) -> f32[4]
  return %z
}
