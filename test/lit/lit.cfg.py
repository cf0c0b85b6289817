# lit configuration for Thymos: one behaviour per file, checked with FileCheck.
import os
import subprocess

import lit.formats

config.name = "Thymos"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".thy", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.thymos_obj_root, "test", "lit")

# Tools under test first on PATH, then FileCheck.
path = [config.thymos_tools_dir, os.path.dirname(config.filecheck),
        config.environment.get("PATH", os.environ.get("PATH", ""))]
config.environment["PATH"] = os.pathsep.join(path)

config.substitutions.append(("%examples", os.path.join(config.thymos_src_root, "examples")))
# %python runs the tests' independent numpy computations: prefer the
# configured interpreter, else the system one, whichever has numpy (a pyenv
# shim first on PATH often has not). Tests needing it say `REQUIRES: numpy`.
def has_numpy(python):
    try:
        return subprocess.run([python, "-c", "import numpy"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


for candidate in [config.python, "/usr/bin/python3"]:
    if has_numpy(candidate):
        config.python = candidate
        config.available_features.add("numpy")
        break
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%thymos_obj_root", config.thymos_obj_root))

# Pass plugins built by test/plugins: %plugin_example, %plugin_wrong_version,
# %plugin_no_entry_point, %plugin_name_clash, %plugin_symbols.
for plugin in ["example", "wrong-version", "no-entry-point", "name-clash", "symbols"]:
    library = config.plugin_prefix + "thymos-test-plugin-" + plugin + config.plugin_suffix
    config.substitutions.append(("%plugin_" + plugin.replace("-", "_"),
                                 os.path.join(config.plugin_dir, library)))

# Tests that need ../shared (models, data sets) declare `REQUIRES: shared`
# and show up as UNSUPPORTED where it is absent.
if os.path.isdir(config.shared_dir):
    config.available_features.add("shared")
    config.substitutions.append(("%shared", config.shared_dir))
config.excludes.append("op_examples.py")

# NVRTC (from the CUDA toolkit, loaded with dlopen by thymosc): tests that
# compile emitted CUDA declare `REQUIRES: nvrtc`.
def has_nvrtc():
    import ctypes
    for name in ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so",
                 "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
                 "/usr/local/cuda/lib64/libnvrtc.so"]:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            pass
    return False


if has_nvrtc():
    config.available_features.add("nvrtc")

# The toolkit's stub libcuda.so exports every driver entry point, and its
# cuInit fails: enough to check that the runtime resolves them all.
if os.path.exists("/usr/local/cuda/lib64/stubs/libcuda.so"):
    config.available_features.add("cuda-stub-driver")
