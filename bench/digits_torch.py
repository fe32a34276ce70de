#!/usr/bin/env python3
"""models/digits.nn written as a PyTorch script, as a user would (eager, CPU, float64, one thread): the same
data (nnc's built-in optdigits files), network, loss, optimizer, schedule, batch size and epochs. bench/run times
the whole process, import included, beside `./nnc run models/digits.nn`.

Usage: digits_torch.py [DATA_DIR]   (default: src/main/resources/nnc/data)"""
import gzip
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src", "main", "resources", "nnc", "data")


def load(name):
    with gzip.open(os.path.join(data, name), "rt") as f:
        raw = np.loadtxt(f, delimiter=",", ndmin=2)
    return raw[:, :64], raw[:, 64].astype(np.int64)


torch.set_num_threads(1)
torch.manual_seed(42)
x_train, y_train = load("optdigits.tra.csv.gz")
x_test, y_test = load("optdigits.tes.csv.gz")
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
std[std == 0] = 1
x_train = torch.from_numpy((x_train - mean) / std)
x_test = torch.from_numpy((x_test - mean) / std)
y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)

model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                            torch.nn.Linear(128, 10)).double()
criterion = torch.nn.CrossEntropyLoss()
# nnc's l2(λ) adds λ·w to each weight's gradient, as weight_decay does (PyTorch applies it to the biases too)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
epochs, batch = 40, 32
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
n = len(y_train)
for epoch in range(epochs):
    model.train()
    perm = torch.randperm(n)
    total, correct = 0.0, 0
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        out = model(x_train[idx])
        loss = criterion(out, y_train[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
        correct += (out.argmax(1) == y_train[idx]).sum().item()
    schedule.step()
    print("epoch %3d/%d  loss %.4f  acc %.4f" % (epoch + 1, epochs, total / n, correct / n))
model.eval()
with torch.no_grad():
    out = model(x_test)
    print("Test: loss %.4f  accuracy %.4f" % (criterion(out, y_test).item(), (out.argmax(1) == y_test).double().mean()))
