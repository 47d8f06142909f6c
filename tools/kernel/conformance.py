"""The Jupyter kernel conformance suite (Debian's python3-jupyter-kernel-test)
set up for the project's kernel, nnlab-tslab (tools/kernel/launch.cjs).

Run from the project root with the project's kernelspec on JUPYTER_PATH:
    JUPYTER_PATH=.jupyter /usr/bin/python3 -m unittest -v tools/kernel/conformance.py
(test/e2e/kernel-conformance.test.ts does this in `npm test`).

Not set, so skipped: test_pager (TypeScript has no pager, i.e. no `?` help
payloads) and test_clear_output (tslab has no clear_output API for cells).
"""
import unittest

import jupyter_kernel_test


class NnlabTslabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "nnlab-tslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    code_generate_error = 'throw new Error("a deliberate error")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "[1, 2, 3].map((x) => x * x)", "result": "[ 1, 4, 9 ]"},
    ]
    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>bold</b>")', "mime": "text/html"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"

    # Shift-Tab right after the opening parenthesis
    code_inspect_sample = "Math.max("

    completion_samples = [{"text": "Math.PI.toFix", "matches": {"toFixed"}}]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {\n  console.log(1);"]
    invalid_code_samples = ["const = 1;", "1 +* 2"]


if __name__ == "__main__":
    unittest.main()
