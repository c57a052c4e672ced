"""Exploratory (not part of make eval): MiniLM token embeddings for PTC span identification (SemEval-2020 SI).

Second model family next to the hashed n-gram linear tagger (/tmp/si_exp.py): every sentence of
``view_of(article.text)`` goes through all-MiniLM-L6-v2 (offline copy in /tmp/mlmodel, windows of at
most 126 subwords + [CLS]/[SEP], cut at token boundaries); each of our tokens gets the mean of its
subword vectors from the last layer (and layer 3). Token label = token overlaps a gold span. 5 folds by
article (article_folds). Classifiers: LogisticRegression (lbfgs, C=1, standardized features) and a torch
1-hidden-layer MLP (256 ReLU, dropout, AdamW, early stop on 10% of the training articles) on the
+-2 token window (within the sentence) of embeddings concatenated. Combinations with the n-gram OOF
probabilities: plain average, and a logistic stack on the logits fitted on the other four folds' tokens.

Run (torch + transformers venv; newsaudit is installed editable there; 1 thread):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /tmp/minilm-venv/bin/python experiments/ptc_minilm_si.py extract
    cp /tmp/si_probs_ctx1.npy /tmp/ptc_minilm/ngram_oof_ctx1.npy   # n-gram OOF, same token order
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /tmp/minilm-venv/bin/python experiments/ptc_minilm_si.py eval

Outputs in /tmp/ptc_minilm/: emb_last.npy, emb_l3.npy (float16, one row per token), tokens.npy
(article index, start, end of every row), oof_*.npy, results.json, best_oof.npy (+ best_oof.txt).
OOF files are cached: delete them after changing the tokenizer or the classifiers.

Measured 2026-11-25 on the 371 PTC train articles, 397,664 tokens (the tokenizer as of 21:00 that day;
slant/text.py changed at 21:30 and now gives 395,857 tokens, so the caches must be rebuilt):

* extraction: 444,127 subwords in 17,343 windows, 168 s encoding on 1 torch thread (machine shared,
  load ~3 on 2 cores) = 2,370 words/s (2,640 subwords/s); 31 tokens had no subword (copied previous).
* SI on out-of-fold probabilities, best (threshold, bridge) over 0.15..0.5 x 0..2 chosen ON THE SAME
  OOF predictions (optimistic); "nested" picks (threshold, bridge) on the other four folds per fold:

  model                                   th    br   P      R      F1     nested F1  token AUC
  n-gram (si_exp.py ctx1)                 0.20  2    0.272  0.426  0.332  0.331      0.715
  MiniLM last layer, LR                   0.25  2    0.275  0.395  0.324  0.317      0.725
  MiniLM last+L3, LR                      0.25  2    0.272  0.505  0.354  0.354      0.763
  MiniLM last, MLP +-2 window             0.30  2    0.305  0.451  0.363  0.363      0.762
  MiniLM last+L3, MLP +-2 window          0.30  2    0.315  0.488  0.383  0.381      0.779
  avg(n-gram, LR last+L3)                 0.25  2    0.330  0.462  0.385  0.385      0.774
  stack(n-gram, LR last+L3)               0.25  2    0.301  0.500  0.376  0.374      0.781
  avg(n-gram, MLP last)                   0.25  2    0.318  0.473  0.380  0.380      0.774
  stack(n-gram, MLP last)                 0.25  2    0.315  0.487  0.382  0.382      0.779
  avg(n-gram, MLP last+L3)                0.25  2    0.325  0.492  0.392  0.389      0.783
  stack(n-gram, MLP last+L3)              0.25  2    0.316  0.530  0.396  0.395      0.788
  stack(n-gram, LR last+L3, MLP last+L3)  0.25  2    0.320  0.538  0.401  0.398      0.792

  Bridge 2 (the top of the grid) won everywhere. The stack's other-fold OOF inputs come from base models
  that saw the held-out fold, so it is not strictly nested (2-3 parameters; the leak should be tiny).
  Eval run: about 23 minutes (MLPs 6 + 10 min, LRs 2 min, scoring 8 min).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # benchmarks/
from benchmarks.semeval_metrics import si_scores  # noqa: E402
from newsaudit.slant.decode import decode_spans  # noqa: E402
from newsaudit.slant.view import view_of  # noqa: E402
from newsaudit.training.ptc_data import article_folds, load_ptc  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = Path("/tmp/ptc_minilm")
MODEL = Path("/tmp/mlmodel")
MAX_SUB = 126  # subwords per window, + [CLS] and [SEP] = 128
MID_LAYER = 3


def corpus():
    """Articles, their views, token labels (token overlaps a gold span), article fold of every token."""
    arts = load_ptc(DATA)
    views = [view_of(a.text) for a in arts]
    folds = article_folds([a.id for a in arts])
    ys, fold_of_tok = [], []
    for a, v in zip(arts, views):
        mask = np.zeros(len(a.text) + 1, bool)
        for _, s, e in a.spans:
            mask[s:e] = True
        for s in v.sentences:
            ys.extend(int(mask[t.start : t.end].any()) for t in s.tokens)
            fold_of_tok.extend([folds[a.id]] * len(s.tokens))
    return arts, views, np.array(ys), np.array(fold_of_tok)


def token_offsets(views):
    """(article index, start, end) of every token row, to check that caches match the current tokenizer."""
    return np.array([(i, t.start, t.end) for i, v in enumerate(views) for s in v.sentences for t in s.tokens],
                    dtype=np.int64)


# ----------------------------------------------------------------------------------------------
# 1. feature extraction
# ----------------------------------------------------------------------------------------------
def windows_of_sentence(tok, text, sent):
    """Subword ids of one sentence cut into windows of <= MAX_SUB subwords at token boundaries.

    Returns [(ids, owner)] where owner[j] is the sentence-local index of our token that subword j
    overlaps (-1 if none).
    """
    seg = text[sent.start : sent.end]
    enc = tok(seg, add_special_tokens=False, return_offsets_mapping=True)
    ids = enc["input_ids"]
    offs = enc["offset_mapping"]
    toks = sent.tokens
    owner = []
    ti = 0
    for a, b in offs:
        a += sent.start
        b += sent.start
        while ti < len(toks) and toks[ti].end <= a:
            ti += 1
        owner.append(ti if ti < len(toks) and toks[ti].start < b and a < toks[ti].end else -1)
    out = []
    i = 0
    n = len(ids)
    while i < n:
        j = min(i + MAX_SUB, n)
        if j < n:  # back off to the first subword of the token straddling the cut
            k = j
            while k > i + 1 and owner[k] != -1 and owner[k] == owner[k - 1]:
                k -= 1
            j = k
        out.append((ids[i:j], owner[i:j]))
        i = j
    return out


def extract(batch_size: int = 64):
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    arts, views, y, _ = corpus()
    tok = AutoTokenizer.from_pretrained(str(MODEL))
    enc = AutoModel.from_pretrained(str(MODEL))
    enc.eval()
    n_tok = len(y)
    # windows over the whole corpus, with the global row of each subword's owner token
    wins = []  # (ids, global_owner_rows)
    row = 0
    n_words = 0
    for a, v in zip(arts, views):
        for s in v.sentences:
            for ids, own in windows_of_sentence(tok, a.text, s):
                wins.append((ids, [row + o if o >= 0 else -1 for o in own]))
            row += len(s.tokens)
            n_words += len(s.tokens)
    assert row == n_tok
    n_sub = sum(len(w[0]) for w in wins)
    print(f"{len(arts)} articles, {n_tok} tokens, {n_sub} subwords, {len(wins)} windows", flush=True)
    H = enc.config.hidden_size
    sum_last = np.zeros((n_tok, H), np.float32)
    sum_mid = np.zeros((n_tok, H), np.float32)
    cnt = np.zeros(n_tok, np.float32)
    order = sorted(range(len(wins)), key=lambda i: len(wins[i][0]))
    cls_id, sep_id, pad_id = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id
    t0 = time.time()
    with torch.inference_mode():
        for bi in range(0, len(order), batch_size):
            batch = [wins[i] for i in order[bi : bi + batch_size]]
            L = max(len(w[0]) for w in batch) + 2
            ids = torch.full((len(batch), L), pad_id, dtype=torch.long)
            att = torch.zeros((len(batch), L), dtype=torch.long)
            for r, (w, _) in enumerate(batch):
                ids[r, : len(w) + 2] = torch.tensor([cls_id, *w, sep_id])
                att[r, : len(w) + 2] = 1
            hs = enc(input_ids=ids, attention_mask=att, output_hidden_states=True).hidden_states
            last = hs[-1].numpy()
            mid = hs[MID_LAYER].numpy()
            for r, (w, own) in enumerate(batch):
                own = np.asarray(own)
                ok = own >= 0
                rows = own[ok]
                pos = np.flatnonzero(ok) + 1
                np.add.at(sum_last, rows, last[r, pos])
                np.add.at(sum_mid, rows, mid[r, pos])
                np.add.at(cnt, rows, 1)
            if (bi // batch_size) % 50 == 0:
                done = bi + len(batch)
                print(f"  {done}/{len(wins)} windows {time.time() - t0:.0f}s", flush=True)
    secs = time.time() - t0
    missing = int((cnt == 0).sum())
    # tokens with no subword (characters the BERT tokenizer drops): copy the previous token's vector
    for i in np.flatnonzero(cnt == 0):
        if i > 0:
            sum_last[i] = sum_last[i - 1] / max(cnt[i - 1], 1)
            sum_mid[i] = sum_mid[i - 1] / max(cnt[i - 1], 1)
        cnt[i] = -1
    c = np.where(cnt > 0, cnt, 1)[:, None]
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "tokens.npy", token_offsets(views))
    np.save(OUT / "emb_last.npy", (sum_last / c).astype(np.float16))
    np.save(OUT / f"emb_l{MID_LAYER}.npy", (sum_mid / c).astype(np.float16))
    info = {
        "tokens": n_tok, "subwords": n_sub, "windows": len(wins), "tokens_without_subword": missing,
        "encode_seconds": round(secs, 1), "words_per_second": round(n_words / secs, 1),
        "subwords_per_second": round(n_sub / secs, 1), "threads": torch.get_num_threads(), "batch": batch_size,
    }
    (OUT / "extract_info.json").write_text(json.dumps(info, indent=1))
    print(info, flush=True)


# ----------------------------------------------------------------------------------------------
# 2./3. token classifiers, combinations, SI scoring
# ----------------------------------------------------------------------------------------------
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
BRIDGES = (0, 1, 2)


class Scorer:
    """Decodes per-token probabilities into spans and scores SI on the 371 PTC articles."""

    def __init__(self, arts, views, fold_of_tok):
        self.arts, self.views = arts, views
        self.gold = {a.id: [(s, e) for _, s, e in a.spans] for a in arts}
        self.bounds = []
        pos = 0
        for v in views:
            n = sum(len(s.tokens) for s in v.sentences)
            self.bounds.append((pos, pos + n))
            pos += n
        self.art_fold = np.array([fold_of_tok[b[0]] if b[1] > b[0] else -1 for b in self.bounds])

    def decode(self, probs, th, br):
        return {
            a.id: [(s, e) for s, e, _ in decode_spans(v.sentences, probs[b0:b1], th, br)]
            for a, v, (b0, b1) in zip(self.arts, self.views, self.bounds)
        }

    def sweep(self, probs):
        """{(th, br): pred} for the whole grid."""
        return {(th, br): self.decode(probs, th, br) for th in THRESHOLDS for br in BRIDGES}

    def score(self, pred, ids=None):
        ids = ids if ids is not None else list(self.gold)
        r = si_scores({i: self.gold[i] for i in ids}, {i: pred[i] for i in ids})
        return r.precision, r.recall, r.f1

    def report(self, name, probs):
        preds = self.sweep(probs)
        table = {k: self.score(p) for k, p in preds.items()}
        best = max(table, key=lambda k: table[k][2])
        # honest variant: (th, br) picked on the other four folds, applied to the held-out fold
        nested = {}
        picks = []
        for k in range(5):
            out_ids = [a.id for a, f in zip(self.arts, self.art_fold) if f != k]
            in_ids = [a.id for a, f in zip(self.arts, self.art_fold) if f == k]
            kb = max(preds, key=lambda c: self.score(preds[c], out_ids)[2])
            picks.append(kb)
            nested.update({i: preds[kb][i] for i in in_ids})
        n = self.score(nested)
        p, r, f = table[best]
        print(f"{name:28s} best th={best[0]:.2f} br={best[1]}  P {p:.3f} R {r:.3f} F1 {f:.3f}   "
              f"nested-threshold F1 {n[2]:.3f} (P {n[0]:.3f} R {n[1]:.3f}) picks {picks}", flush=True)
        return {"name": name, "best": best, "P": p, "R": r, "F1": f, "nested": n, "picks": picks,
                "grid": {f"{k[0]}/{k[1]}": v for k, v in table.items()}}


def standardize(X, tr):
    mu = X[tr].mean(0)
    sd = X[tr].std(0) + 1e-6
    return ((X - mu) / sd).astype(np.float32)


def oof_lr(X, y, fold_of_tok, C=1.0):
    from sklearn.linear_model import LogisticRegression

    probs = np.zeros(len(y))
    for k in range(5):
        tr = fold_of_tok != k
        Z = standardize(X, tr)
        m = LogisticRegression(C=C, max_iter=300)
        m.fit(Z[tr], y[tr])
        probs[~tr] = m.predict_proba(Z[~tr])[:, 1]
        print(f"    lr fold {k} done", flush=True)
    return probs


def neighbour_index(views, width):
    """idx[i, j] = row of token i's neighbour at offset j-width inside its sentence, or -1."""
    sent_id = np.concatenate([np.full(len(s.tokens), n) for n, s in
                              enumerate(s for v in views for s in v.sentences)])
    n = len(sent_id)
    idx = np.full((n, 2 * width + 1), -1, dtype=np.int64)
    for j, off in enumerate(range(-width, width + 1)):
        src = np.arange(n) + off
        ok = (src >= 0) & (src < n)
        ok[ok] &= sent_id[src[ok]] == sent_id[ok]
        idx[ok, j] = src[ok]
    return idx


def oof_mlp(X, y, fold_of_tok, views, arts, width=2, hidden=256, epochs=8, seed=0):
    """1-hidden-layer torch MLP on the concatenated +-width token window; early stop on 10% of train articles."""
    import torch

    torch.set_num_threads(1)
    nb = neighbour_index(views, width)
    art_of_tok = np.concatenate([np.full(sum(len(s.tokens) for s in v.sentences), i) for i, v in enumerate(views)])
    probs = np.zeros(len(y))
    for k in range(5):
        torch.manual_seed(seed + k)
        rng = np.random.default_rng(seed + k)
        trmask = fold_of_tok != k
        Z = standardize(X, trmask)
        Zp = torch.from_numpy(np.vstack([Z, np.zeros((1, Z.shape[1]), np.float32)]))  # row -1 -> zeros
        nbt = torch.from_numpy(np.where(nb < 0, len(Z), nb))
        tr_arts = np.unique(art_of_tok[trmask])
        val_arts = rng.choice(tr_arts, size=len(tr_arts) // 10, replace=False)
        isval = np.isin(art_of_tok, val_arts)
        tr = np.flatnonzero(trmask & ~isval)
        va = np.flatnonzero(isval)
        te = np.flatnonzero(~trmask)
        d = Z.shape[1] * nb.shape[1]
        net = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(d, hidden), torch.nn.ReLU(),
                                  torch.nn.Dropout(0.3), torch.nn.Linear(hidden, 1))
        opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
        lossf = torch.nn.BCEWithLogitsLoss()
        yt = torch.from_numpy(y.astype(np.float32))

        def feats(rows):
            return Zp[nbt[rows]].reshape(len(rows), -1)

        def predict(rows):
            net.eval()
            out = []
            with torch.no_grad():
                for i in range(0, len(rows), 8192):
                    r = torch.from_numpy(rows[i : i + 8192])
                    out.append(torch.sigmoid(net(feats(r)).squeeze(-1)))
            return torch.cat(out).numpy()

        best, best_state, bad = 1e9, None, 0
        for ep in range(epochs):
            net.train()
            order = torch.from_numpy(rng.permutation(tr))
            for i in range(0, len(order), 512):
                r = order[i : i + 512]
                loss = lossf(net(feats(r)).squeeze(-1), yt[r])
                opt.zero_grad()
                loss.backward()
                opt.step()
            pv = np.clip(predict(va), 1e-6, 1 - 1e-6)
            vl = float(-np.mean(y[va] * np.log(pv) + (1 - y[va]) * np.log(1 - pv)))
            print(f"    mlp fold {k} epoch {ep} val loss {vl:.4f}", flush=True)
            if vl < best - 1e-4:
                best, bad = vl, 0
                best_state = {n: t.clone() for n, t in net.state_dict().items()}
            else:
                bad += 1
                if bad >= 2:
                    break
        net.load_state_dict(best_state)
        probs[te] = predict(te)
    return probs


def logit(p):
    p = np.clip(p, 1e-5, 1 - 1e-5)
    return np.log(p / (1 - p))


def oof_stack(cols, y, fold_of_tok):
    """Logistic stack on logits of the given OOF probability columns, fitted on the other folds' tokens.

    Caveat: the other folds' OOF probabilities come from base models whose training set included the
    held-out fold; with 2-3 stack parameters the leak is negligible, but it is not strictly nested.
    """
    from sklearn.linear_model import LogisticRegression

    F = np.column_stack([logit(c) for c in cols])
    out = np.zeros(len(y))
    for k in range(5):
        tr = fold_of_tok != k
        m = LogisticRegression(C=1.0).fit(F[tr], y[tr])
        out[~tr] = m.predict_proba(F[~tr])[:, 1]
    return out


def evaluate(only=None):
    t0 = time.time()
    arts, views, y, fold_of_tok = corpus()
    sc = Scorer(arts, views, fold_of_tok)
    print(f"corpus {len(y)} tokens, positive rate {y.mean():.3f}, {time.time() - t0:.0f}s", flush=True)
    last = np.load(OUT / "emb_last.npy").astype(np.float32)
    mid = np.load(OUT / f"emb_l{MID_LAYER}.npy").astype(np.float32)
    ngram = np.load(OUT / "ngram_oof_ctx1.npy")
    if not (len(ngram) == len(y) == len(last)):
        raise SystemExit(f"token rows differ: corpus {len(y)}, embeddings {len(last)}, n-gram OOF {len(ngram)}; "
                         "the tokenizer changed since the caches were built: re-run extract, si_exp.py, "
                         "and delete /tmp/ptc_minilm/oof_*.npy")
    tok_path = OUT / "tokens.npy"
    if tok_path.exists() and not np.array_equal(np.load(tok_path), token_offsets(views)):
        raise SystemExit("token offsets differ from the cache: re-run extract (and delete oof_*.npy)")
    results = []

    def cached(name, fn):
        path = OUT / f"oof_{name}.npy"
        if path.exists():
            return np.load(path)
        t = time.time()
        p = fn()
        np.save(path, p)
        print(f"  {name}: {time.time() - t:.0f}s", flush=True)
        return p

    oof = {"ngram": ngram}
    oof["lr_last"] = cached("lr_last", lambda: oof_lr(last, y, fold_of_tok))
    oof["lr_last_l3"] = cached("lr_last_l3", lambda: oof_lr(np.hstack([last, mid]), y, fold_of_tok))
    oof["mlp_w2_last"] = cached("mlp_w2_last", lambda: oof_mlp(last, y, fold_of_tok, views, arts))
    if only != "fast":
        oof["mlp_w2_last_l3"] = cached("mlp_w2_last_l3",
                                       lambda: oof_mlp(np.hstack([last, mid]), y, fold_of_tok, views, arts))
    from sklearn.metrics import roc_auc_score

    for name, p in list(oof.items()):
        print(f"  token ROC-AUC {name}: {roc_auc_score(y, p):.4f}", flush=True)
    for name in [n for n in oof if n != "ngram"]:
        oof[f"avg(ngram,{name})"] = (oof["ngram"] + oof[name]) / 2
        oof[f"stack(ngram,{name})"] = oof_stack([oof["ngram"], oof[name]], y, fold_of_tok)
    mlps = [n for n in oof if n.startswith("mlp")]
    best_mlp = max(mlps, key=lambda n: roc_auc_score(y, oof[n]))
    oof[f"stack(ngram,lr_last_l3,{best_mlp})"] = oof_stack([oof["ngram"], oof["lr_last_l3"], oof[best_mlp]],
                                                           y, fold_of_tok)
    for name, p in oof.items():
        r = sc.report(name, p)
        r["token_auc"] = float(roc_auc_score(y, p))
        results.append(r)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    combos = [r for r in results if r["name"].startswith(("avg", "stack"))]
    best = max(combos, key=lambda r: r["F1"])
    np.save(OUT / "best_oof.npy", oof[best["name"]])
    (OUT / "best_oof.txt").write_text(f"{best['name']} th={best['best'][0]} bridge={best['best'][1]} "
                                      f"F1={best['F1']:.4f}\n")
    print("best combination:", best["name"], best["best"], round(best["F1"], 4), f"total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["extract", "eval"])
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    if args.cmd == "extract":
        extract()
    else:
        evaluate(args.only)
