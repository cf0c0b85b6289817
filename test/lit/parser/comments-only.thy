// RUN: not thymosc %s 2>&1 | FileCheck %s
// A file of comments alone has no module either; the error is at its end.
// CHECK: comments-only.thy:[[@LINE+1]]:1: error: expected 'module @name' at the start of the file, found end of file
