// A scalar result, for the tests of outputs that cannot hold one.
module @scalar

graph @main() -> f64[] {
  %s = const {value = 2.5} : () -> f64[]
  return %s
}
