// A rank-3 result, which has no CSV form.
module @rank3

graph @main() -> f64[1,1,2] {
  %t = const {value = [[[1.0, 2.0]]]} : () -> f64[1,1,2]
  return %t
}
