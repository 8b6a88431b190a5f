"""Speed of the embedded local model (gguf/smollm2) on this machine.

Measures prefill (prompt) and generation tokens per second with llama.cpp directly, on a
critic-sized prompt, best of a few runs. Needs the local extra.

Run: python bench/bench_local_model.py [--json bench/results/local_model.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from persona_bench.providers.gguf import embedded_model_path, load_model
from persona_bench.scorers.debate_critic import critic_messages


def _prompt() -> list[dict[str, str]]:
    persona = "\n".join(f"attribute {i}: value number {i}" for i in range(30))
    messages = critic_messages("How should I plan my weekend?", "Go hiking. " * 20, persona)
    return [{"role": m.role, "content": m.text} for m in messages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=Path("bench/results/local_model.json"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--generate", type=int, default=128, help="tokens to generate")
    args = parser.parse_args()

    threads = os.cpu_count() or 1
    start = time.perf_counter()
    model = load_model(embedded_model_path(), n_threads=threads, n_ctx=4096)
    load_s = time.perf_counter() - start
    llama = model.llama
    best_prefill, best_generate = 0.0, 0.0
    prompt_len = 0
    for _ in range(args.repeats):
        llama.reset()  # no prefix reuse: measure a cold prompt
        text = "\n".join(m["content"] for m in _prompt())
        tokens = llama.tokenize(text.encode("utf-8"))
        prompt_len = len(tokens)
        t0 = time.perf_counter()
        llama.eval(tokens)
        prefill = prompt_len / (time.perf_counter() - t0)
        t1 = time.perf_counter()
        generated = 0
        for _token in llama.generate([], temp=0.0, reset=False):
            generated += 1
            if generated >= args.generate:
                break
        generate = generated / (time.perf_counter() - t1)
        best_prefill, best_generate = max(best_prefill, prefill), max(best_generate, generate)
    results = {
        "model": "SmolLM2-135M-Instruct Q4_1",
        "threads": threads,
        "load_s": load_s,
        "prompt_tokens": prompt_len,
        "prefill_tokens_per_s": best_prefill,
        "generate_tokens_per_s": best_generate,
        "python": sys.version.split()[0],
    }
    print(f"{'measure':<28}{'value':>10}")
    print(f"{'load (s)':<28}{load_s:>10.2f}")
    print(f"{'prompt tokens':<28}{prompt_len:>10d}")
    print(f"{'prefill tokens/s':<28}{best_prefill:>10.0f}")
    print(f"{'generation tokens/s':<28}{best_generate:>10.0f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
