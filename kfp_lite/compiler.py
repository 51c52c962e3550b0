"""``from kfp_lite import compiler``: the same entry point as ``kfp.compiler``."""

from __future__ import annotations

from compiler import CompileError, Compiler, CompileResult, compile_documents, compile_text

__all__ = ["Compiler", "CompileError", "CompileResult", "compile_documents", "compile_text"]
