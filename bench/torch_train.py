#!/usr/bin/env python3
"""PyTorch's side of the benchmark's cold table: trains one config from the initial weights and the per-epoch
batch order that bench/Cold.java wrote to DIR (the same as nnc's for that .nn file), eager, CPU, one thread, in
float64 (the default) or float32, and prints one JSON line: import_ms, setup_ms, train_ms (the whole training: every epoch, first included),
epoch_ms, loss (each epoch's mean batch loss, as nnc reports it).

Usage: torch_train.py DIR [float64|float32]"""
import json
import os
import sys
import time

t_process = time.perf_counter()
import numpy as np  # noqa: E402

t0 = time.perf_counter()
import torch  # noqa: E402

import_ms = (time.perf_counter() - t0) * 1000


def main(d, precision):
    dtype = {"float64": torch.float64, "float32": torch.float32}[precision]
    t0 = time.perf_counter()
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(d, "meta.json")))
    n, sizes, epochs, batch = meta["rows"], meta["sizes"], meta["epochs"], meta["batch"]
    x = torch.from_numpy(np.fromfile(os.path.join(d, "x.f64"), "<f8").reshape(n, sizes[0])).to(dtype)
    mods = []
    for l in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[l], sizes[l + 1]).to(dtype)
        with torch.no_grad():
            w = np.fromfile(os.path.join(d, "w%d.f64" % l), "<f8").reshape(sizes[l + 1], sizes[l])
            lin.weight.copy_(torch.from_numpy(w))
            lin.bias.copy_(torch.from_numpy(np.fromfile(os.path.join(d, "b%d.f64" % l), "<f8")))
        mods.append(lin)
        act = meta["activations"][l]
        if act == "relu":
            mods.append(torch.nn.ReLU())
        elif act == "sigmoid":
            mods.append(torch.nn.Sigmoid())
        elif act != "softmax":  # softmax + cross-entropy: the model returns logits, CrossEntropyLoss applies it
            raise ValueError("activation %s is not in the benchmark's configs" % act)
    model = torch.nn.Sequential(*mods)
    if meta["loss"] == "cross_entropy":
        criterion = torch.nn.CrossEntropyLoss()
        y = torch.from_numpy(np.fromfile(os.path.join(d, "labels.i32"), "<i4").astype(np.int64))
    else:
        criterion = torch.nn.MSELoss()  # mean over the batch and the outputs, as nnc's mse
        y = torch.from_numpy(np.fromfile(os.path.join(d, "t.f64"), "<f8").reshape(n, sizes[-1])).to(dtype)
    o = meta["optimizer"]
    if o["kind"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=o["lr"], momentum=o["momentum"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    perms = torch.from_numpy(np.fromfile(os.path.join(d, "perm.i32"), "<i4").astype(np.int64).reshape(epochs, n))
    setup_ms = (time.perf_counter() - t0) * 1000

    epoch_ms, losses = [], []
    t_train = time.perf_counter()
    for e in range(epochs):
        e0 = time.perf_counter()
        perm = perms[e]
        total = 0.0
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss = criterion(model(x.index_select(0, idx)), y.index_select(0, idx))
            loss.backward()
            opt.step()
            total += loss.item() * idx.shape[0]
        epoch_ms.append((time.perf_counter() - e0) * 1000)
        losses.append(total / n)
    train_ms = (time.perf_counter() - t_train) * 1000
    print(json.dumps({"import_ms": round(import_ms, 1), "setup_ms": round(setup_ms, 1), "train_ms": round(train_ms, 1),
                      "epoch_ms": [round(v, 2) for v in epoch_ms], "loss": losses,
                      "process_ms_before_exit": round((time.perf_counter() - t_process) * 1000, 1),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "float64")
