"""Same summary statistics as the engine's data-quality pass, with pandas, on the
same files: the baseline CSV, and the capture JSONL (features in the CSV text of
captureData.endpointInput.data). Prints one JSON line: {"seconds": ..., "records": ...}."""
import json
import sys
import time

import pandas as pd


def summarize(frames):
    df = pd.concat(frames, ignore_index=True)
    out = {}
    for c in df.columns:
        s = df[c]
        out[str(c)] = [int(s.count()), float(s.sum()), float(s.mean()), float(s.std(ddof=0)), float(s.min()), float(s.max()),
                       s.quantile([0.1, 0.5, 0.9]).tolist(), int(s.nunique())]
    return len(df), out


def main(baseline_csv, capture_jsonl):
    t0 = time.perf_counter()
    n1, _ = summarize([pd.read_csv(baseline_csv)])
    frames = []
    for chunk in pd.read_json(capture_jsonl, lines=True, chunksize=100_000):
        data = chunk["captureData"].map(lambda d: d["endpointInput"]["data"])
        frames.append(data.str.split(",", expand=True).astype("float64"))
    n2, _ = summarize(frames)
    print(json.dumps({"seconds": time.perf_counter() - t0, "records": n1 + n2}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
