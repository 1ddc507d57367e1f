"""An independent PyTorch implementation of the FBNet/FBNetV2/FBNetV3 zoo blocks (fbnet-zoo-spec.md §3-§5 and
fbnet-v3-zoo-spec.md §V3-3/§V3-4: less_se_channels, the per-block dw padding override), written
from the spec rather than from fbnas's TypeScript, with the reference module names (§9.7), so that its
state_dict keys are the reference checkpoint keys. Builds a model from an fbnas.arch/v1 JSON document.
Used by packages/zoo/fixtures/make-tiny-fixture.py (test fixtures) and tools/bench/pytorch-inference.py.
Needs Debian's python3-torch; never imported by CI.
"""
import math
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_divisible(v, d):
    if v % d == 0:
        return int(v)
    q = math.floor(v / d + 0.5) or 1
    r = q * d
    if r < 0.95 * v:
        r += d
    return max(r, d)


class HSwish(nn.Module):
    def forward(self, x):
        return x * F.relu6(x + 3) / 6


class HSigmoid(nn.Module):
    def forward(self, x):
        return F.relu6(x + 3) / 6


def act(name):
    return HSwish() if name == 'hswish' else nn.ReLU()


class ConvBNAct(nn.Module):
    def __init__(self, cin, cout, k, s, groups=1, bias=False, activation='relu', bn=True, use_act=True, padding=None):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, s, k // 2 if padding is None else padding, groups=groups, bias=bias)
        if bn:
            self.bn = nn.BatchNorm2d(cout, eps=1e-5)
        self.act = act(activation) if use_act else nn.Identity()

    def forward(self, x):
        x = self.conv(x)
        if hasattr(self, 'bn'):
            x = self.bn(x)
        return self.act(x)


def shuffle(x, g):
    n, c, h, w = x.shape
    return x.view(n, g, c // g, h, w).transpose(1, 2).reshape(n, c, h, w)


class SE(nn.Module):
    def __init__(self, mid, se_mid, activation, gate):
        super().__init__()
        reduce = nn.Module()
        reduce.conv = nn.Conv2d(mid, se_mid, 1, bias=True)
        self.se = nn.Sequential(reduce, nn.Conv2d(se_mid, mid, 1, bias=True))
        self.activation = act(activation)
        self.gate = HSigmoid() if gate == 'hsigmoid' else nn.Sigmoid()

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        s = self.activation(self.se[0].conv(s))
        return x * self.gate(self.se[1](s))


class IR(nn.Module):
    def __init__(self, cin, cout, s, k, e, activation, se, pw_groups, pwl_groups, bias, d, less_se=False, dw_padding=None):
        super().__init__()
        mid = make_divisible(cin * e, d)
        self.pw_groups = pw_groups
        self.pw = ConvBNAct(cin, mid, 1, 1, pw_groups, bias, activation) if mid != cin else None
        self.dw = ConvBNAct(mid, mid, k, s, mid, bias, activation, padding=dw_padding)
        ratio = 0.25 / e if less_se else 0.25  # FBNetV3's less_se_channels: the SE ratio divided by the expansion
        self.se = SE(mid, make_divisible(int(mid * ratio), d), activation, se) if se else None
        self.pwl = ConvBNAct(mid, cout, 1, 1, pwl_groups, bias, use_act=False)
        self.residual = cin == cout and s == 1

    def forward(self, x):
        y = self.pw(x) if self.pw is not None else x
        if self.pw_groups > 1:
            y = shuffle(y, self.pw_groups)
        y = self.dw(y)
        if self.se is not None:
            y = self.se(y)
        y = self.pwl(y)
        return x + y if self.residual else y


class Skip(nn.Module):
    def __init__(self, cin, cout, s):
        super().__init__()
        self.conv = ConvBNAct(cin, cout, 1, s, 1, False, 'relu') if (cin != cout or s != 1) else None

    def forward(self, x):
        return self.conv(x) if self.conv is not None else x


class IRPool(nn.Module):
    def __init__(self, cin, cout, e, activation, d):
        super().__init__()
        mid = make_divisible(cin * e, d)
        self.pw = ConvBNAct(cin, mid, 1, 1, 1, False, activation) if mid != cin else None
        self.pwl = ConvBNAct(mid, cout, 1, 1, 1, False, activation, bn=False)

    def forward(self, x):
        if self.pw is not None:
            x = self.pw(x)
        return self.pwl(x.mean((2, 3), keepdim=True))


def build_block(op, cin, cout, s, block_args, basic):
    args = {**basic, **block_args}  # basicArgs, overridden by the block's own arguments
    d = args.get('widthDivisor', 8)
    bias = args.get('bias', False)
    if op.startswith('conv_k'):
        return ConvBNAct(cin, cout, int(op[6]), s, 1, True, 'hswish' if op.endswith('_hs') else 'relu')
    if op == 'skip':
        return Skip(cin, cout, s)
    if op.startswith('ir_pool'):
        return IRPool(cin, cout, args['expansion'], 'hswish' if op.endswith('_hs') else 'relu', d)
    parts = op.split('_')
    k = int(parts[1][1])
    activation = 'hswish' if parts[-1] == 'hs' else 'relu'
    se = 'hsigmoid' if 'sehsig' in parts else ('sigmoid' if 'se' in parts else None)
    pw_groups = 2 if 'g2' in parts else 1
    return IR(cin, cout, s, k, args['expansion'], activation, se, pw_groups, args.get('pwlGroups', 1), bias, d,
              less_se=args.get('lessSeChannels', False), dw_padding=args.get('dwPadding'))


class Head(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.conv = nn.Conv2d(cin, classes, 1, bias=True)

    def forward(self, x):
        return self.conv(x.mean((2, 3), keepdim=True)).flatten(1)


class Net(nn.Module):
    def __init__(self, arch):
        super().__init__()
        self.backbone = nn.Module()
        blocks = OrderedDict()
        cin = 3
        for i, stage in enumerate(arch['stages']):
            j = 0
            for entry in stage:
                op, cout, s, repeat = entry[:4]
                args = {}
                for extra in entry[4:]:
                    args.update(extra)
                for r in range(repeat):
                    blocks[f'xif{i}_{j}'] = build_block(op, cin, cout, s if r == 0 else 1, args, arch.get('basicArgs', {}))
                    cin = cout
                    j += 1
        self.backbone.stages = nn.Sequential(blocks)
        self.head = Head(cin, arch['numClasses'])

    def forward(self, x):
        return self.head(self.backbone.stages(x))


def randomize(net, last_bn_scale=1.0):
    """Randomises every parameter and BN statistic of `net` in place (seed torch first): conv weights He-normal,
    biases and running means N(0, 0.1²), BN γ and running variances U(0.5, 1.5); the residual branches' last BN γ
    (`pwl.bn.weight`) times `last_bn_scale` (below 1 keeps deep random networks' activations O(1))."""
    with torch.no_grad():
        for name, p in net.state_dict().items():
            if name.endswith('num_batches_tracked'):
                continue
            if name.endswith('running_var'):
                p.copy_(torch.rand_like(p) + 0.5)
            elif name.endswith('running_mean') or name.endswith('bn.bias') or name.endswith('.bias'):
                p.copy_(torch.randn_like(p) * 0.1)
            elif name.endswith('bn.weight'):
                p.copy_((torch.rand_like(p) + 0.5) * (last_bn_scale if name.endswith('pwl.bn.weight') else 1.0))
            else:
                p.copy_(torch.randn_like(p) * math.sqrt(2.0 / max(1, p[0].numel())))

