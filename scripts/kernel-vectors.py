#!/usr/bin/env python3
"""Converts published crypto test vectors into tests/data/kernel-vectors/*.json.

The vectors socgen runs through its QCE driver on the model (tests/tests/qce_kernel_vectors.rs)
come from two public suites, both test data whose values were published by NIST, IETF and IEEE:

  * Linux's crypto self-test tables (crypto/testmgr.h), the vectors the kernel runs against
    every registered implementation, Qualcomm's qce driver included, at boot. The algorithm to
    table mapping is read from crypto/testmgr.c (alg_test_descs), as the kernel reads it.
  * NIST CAVP response files for AES-XTS (XTSGenAES*.rsp) and AES-CCM (DVPT/VADT/VNT/VPT/VTT
    *.rsp), where the kernel's tables are thin.

Where to get them (Debian bookworm, no other network needed):

    apt-get download linux-source-6.12 python3-cryptography-vectors
    dpkg-deb -x linux-source-6.12_*.deb src
    tar -xf src/usr/src/linux-source-6.12.tar.xz --wildcards '*/crypto/testmgr.[ch]'
    dpkg-deb -x python3-cryptography-vectors_*.deb cv
    python3 scripts/kernel-vectors.py \
        --linux linux-source-6.12 --linux-version "Debian linux-source-6.12 6.12.118-1~deb12u1" \
        --cavp cv/usr/lib/python3/dist-packages/cryptography_vectors/ciphers/AES \
        --cavp-version "Debian python3-cryptography-vectors 38.0.4-1"

The output is deterministic (same input, byte-identical files), so a re-run shows in git what
a newer kernel changed. Every value the script cannot read is an error, never a skipped vector.
"""

import argparse
import json
import os
import re
import sys

# The algorithms Linux's qce driver registers (drivers/crypto/qce: skcipher.c, sha.c, aead.c).
ALGORITHMS = [
    "ecb(aes)",
    "cbc(aes)",
    "ctr(aes)",
    "xts(aes)",
    "ecb(des)",
    "cbc(des)",
    "ecb(des3_ede)",
    "cbc(des3_ede)",
    "sha1",
    "sha256",
    "hmac(sha1)",
    "hmac(sha256)",
    "ccm(aes)",
    "rfc4309(ccm(aes))",
    "authenc(hmac(sha1),cbc(aes))",
    "authenc(hmac(sha1),cbc(des))",
    "authenc(hmac(sha1),cbc(des3_ede))",
    "authenc(hmac(sha256),cbc(aes))",
    "authenc(hmac(sha256),cbc(des))",
    "authenc(hmac(sha256),cbc(des3_ede))",
]

# The IV size of each algorithm (its crypto_alg ivsize): the kernel reads that many IV bytes.
IV_SIZE = {"ecb(aes)": 0, "cbc(aes)": 16, "ctr(aes)": 16, "xts(aes)": 16, "ecb(des)": 0,
           "cbc(des)": 8, "ecb(des3_ede)": 0, "cbc(des3_ede)": 8, "ccm(aes)": 16,
           "rfc4309(ccm(aes))": 8}

STRING_FIELDS = {"key", "iv", "iv_out", "ptext", "ctext", "assoc", "plaintext", "digest"}
NUMBER_FIELDS = {
    "klen", "len", "ksize", "psize", "plen", "clen", "alen", "wk", "novrfy",
    "fips_skip", "generates_iv",
}
ERROR_FIELDS = {"setkey_error", "crypt_error", "digest_error", "setauthsize_error"}


class Bad(Exception):
    pass


# What the kernel's preprocessor sees on the little-endian SoCs socgen targets (authenc keys
# carry an rtattr header in host byte order); CONFIG_CRYPTO_FIPS off, as in a normal build.
DEFINED = {"__LITTLE_ENDIAN"}


def preprocess(text):
    """Keeps the lines the C preprocessor would for #ifdef/#ifndef/#else/#endif over DEFINED."""
    out, stack = [], []
    for line in text.split("\n"):
        d = re.match(r"\s*#\s*(ifdef|ifndef|if|else|elif|endif)\b\s*(\w*)", line)
        if d:
            kind, name = d.groups()
            if kind in ("ifdef", "ifndef"):
                stack.append((name in DEFINED) == (kind == "ifdef"))
            elif kind in ("if", "elif"):
                raise Bad(f"#{kind} in testmgr.h is not understood: {line.strip()!r}")
            elif kind == "else":
                stack[-1] = not stack[-1]
            else:
                stack.pop()
            out.append("")
        elif all(stack):
            out.append(line)
        else:
            out.append("")
    return "\n".join(out)


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
            out.append(" ")
        elif text.startswith("//", i):
            i = text.index("\n", i)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def c_string(literal):
    """The bytes of one C string literal body (without quotes)."""
    out, i = bytearray(), 0
    simple = {"n": 10, "t": 9, "r": 13, "0": 0, "\\": 92, '"': 34, "'": 39, "a": 7}
    while i < len(literal):
        c = literal[i]
        if c != "\\":
            out += c.encode("latin-1")
            i += 1
            continue
        e = literal[i + 1]
        if e == "x":
            m = re.match(r"[0-9a-fA-F]+", literal[i + 2 :])
            if not m or len(m.group(0)) > 2:
                raise Bad(f"hex escape \\x{m.group(0) if m else ''} is not one byte")
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", literal[i + 1 :])
            out.append(int(m.group(0), 8))
            i += 1 + len(m.group(0))
        elif e in simple:
            out.append(simple[e])
            i += 2
        else:
            raise Bad(f"unknown escape \\{e}")
    return bytes(out)


def value(text, field, table):
    text = text.strip()
    if field in STRING_FIELDS:
        if text == "zeroed_string":
            return "00" * 48  # testmgr.h: static const char zeroed_string[48];
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', text, re.S)
        rest = re.sub(r'"((?:[^"\\]|\\.)*)"', "", text, flags=re.S).strip()
        if rest or not parts:
            raise Bad(f"{table}: .{field} is not a string literal: {text[:60]!r}")
        return b"".join(c_string(p) for p in parts).hex()
    if field in NUMBER_FIELDS:
        if not re.fullmatch(r"[0-9xXa-fA-F+*() \t\n-]+", text):
            raise Bad(f"{table}: .{field} is not a number: {text!r}")
        return int(eval(text, {"__builtins__": {}}))  # digits and + * ( ) only
    if field in ERROR_FIELDS:
        if not re.fullmatch(r"-?E[A-Z]+|0", text):
            raise Bad(f"{table}: .{field} is not an errno: {text!r}")
        return text
    raise Bad(f"{table}: unknown field .{field}")


# Which length field bounds which bytes: the kernel reads exactly that many.
LENGTHS = {"key": ("klen", "ksize"), "ptext": ("len", "plen"), "ctext": ("len", "clen"),
           "assoc": ("alen",), "plaintext": ("psize",)}


def cut_to_lengths(vector, table, digest_size=None):
    if digest_size and "digest" in vector:
        vector["digestsize"] = digest_size
    for field, bounds in {**LENGTHS, "digest": ("digestsize",)}.items():
        for bound in bounds:
            if field in vector and bound in vector:
                want, have = 2 * vector[bound], len(vector[field])
                if have == want - 2:
                    # The kernel reads the literal's terminating NUL as its last byte
                    # (hmac_sha1_tv_template's first digest is written as 19 bytes).
                    vector[field] += "00"
                elif have < want:
                    raise Bad(f"{table}: .{field} has {have // 2} bytes, .{bound} says {want // 2}")
                vector[field] = vector[field][:want]
    vector.pop("digestsize", None)
    return vector


def top_level_split(body, sep):
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == '"':
            j = i + 1
            while body[j] != '"':
                j += 2 if body[j] == "\\" else 1
            i = j + 1
            continue
        if c in "{(":
            depth += 1
        elif c in "})":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [p for p in parts if p.strip()]


DIGEST_SIZE = {"sha1": 20, "sha256": 32, "hmac(sha1)": 20, "hmac(sha256)": 32}


def table(header, name, digest_size=None):
    m = re.search(r"static const struct (\w+) " + re.escape(name) + r"\[\] = \{", header)
    if not m:
        raise Bad(f"table {name} not found in testmgr.h")
    start, depth, i = m.end(), 1, m.end()
    while depth:
        c = header[i]
        if c == '"':
            j = i + 1
            while header[j] != '"':
                j += 2 if header[j] == "\\" else 1
            i = j + 1
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        i += 1
    vectors = []
    for entry in top_level_split(header[start : i - 1], ","):
        entry = entry.strip()
        if not (entry.startswith("{") and entry.endswith("}")):
            raise Bad(f"{name}: entry is not a braced initializer: {entry[:60]!r}")
        vector = {}
        for field in top_level_split(entry[1:-1], ","):
            fm = re.fullmatch(r"\s*\.(\w+)\s*=\s*(.*)", field, re.S)
            if not fm:
                raise Bad(f"{name}: not a designated initializer: {field.strip()[:60]!r}")
            vector[fm.group(1)] = value(fm.group(2), fm.group(1), name)
        vectors.append(cut_to_lengths(vector, name, digest_size))
    return m.group(1), vectors


def suites(testmgr_c, alg):
    m = re.search(r'\.alg = "' + re.escape(alg) + r'",(.*?)\n\t\}, \{', testmgr_c, re.S)
    if not m:
        raise Bad(f"{alg} not in testmgr.c alg_test_descs")
    names = re.findall(r"_VECS\((\w+)\)", m.group(1))
    if not names:
        raise Bad(f"{alg}: no vector table in its alg_test_descs entry")
    return names


def linux(root, version):
    header = preprocess(
        strip_comments(open(os.path.join(root, "crypto/testmgr.h"), encoding="latin-1").read())
    )
    testmgr_c = strip_comments(open(os.path.join(root, "crypto/testmgr.c"), encoding="latin-1").read())
    out = []
    for alg in ALGORITHMS:
        for name in suites(testmgr_c, alg):
            kind, vectors = table(header, name, DIGEST_SIZE.get(alg))
            ivsize = IV_SIZE.get(alg, 16 if alg.endswith("cbc(aes))") else 8)
            for v in vectors:
                for field in ("iv", "iv_out"):
                    if field in v:
                        if len(v[field]) < 2 * ivsize:
                            raise Bad(f"{name}: .{field} is shorter than the {ivsize}-byte IV")
                        v[field] = v[field][: 2 * ivsize]
                        if not v[field]:
                            del v[field]
            out.append({"algorithm": alg, "table": name, "struct": kind, "vectors": vectors})
    return {
        "source": f"Linux crypto/testmgr.h and crypto/testmgr.c ({version}): the kernel's crypto "
        "self-test vectors (values from NIST, IETF RFCs, IEEE 1619 and others, as each table's "
        "comments in testmgr.h say)",
        "suites": out,
    }


def rsp(path):
    """Sections of a CAVP .rsp file: (parameters, [records]). Parameters are what the file states
    before the first section, in the `[...]` line and before the section's first `Count`."""
    sections, params, record = [], {}, None
    for line in open(path, encoding="ascii"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            base = dict(sections[-1][0]) if sections else dict(params)
            for part in line.strip("[]").split(","):
                k, eq, v = part.partition("=")
                base[k.strip()] = v.strip() if eq else True
            sections.append((base, []))
            record = None
            continue
        k, _, v = line.partition("=")
        k, v = k.strip(), v.strip()
        if k.lower() == "count":
            record = {}
            sections[-1][1].append(record)
        if record is not None:
            record[k] = v
        elif sections:
            sections[-1][0][k] = v
        else:
            params[k] = v
    return sections


def cavp(root, version):
    out = []
    for bits in (128, 256):
        name = f"XTSGenAES{bits}.rsp"
        vectors = []
        for header, records in rsp(os.path.join(root, "XTS/tweak-128hexstr", name)):
            encrypt = "ENCRYPT" in header
            for r in records:
                du = int(r["DataUnitLen"])
                if du % 128:
                    continue  # partial final block: ciphertext stealing, refused by design
                vectors.append({
                    "count": int(r["COUNT"]), "encrypt": encrypt, "key": r["Key"],
                    "tweak": r["i"], "ptext": r["PT"], "ctext": r["CT"],
                })
        out.append({"algorithm": "xts(aes)", "table": f"XTS/tweak-128hexstr/{name}",
                    "note": "DataUnitLen not a multiple of 128 bits left out (ciphertext stealing)",
                    "vectors": vectors})
    for kind in ("DVPT", "VADT", "VNT", "VPT", "VTT"):
        for bits in (128, 256):
            name = f"{kind}{bits}.rsp"
            vectors = []
            for header, records in rsp(os.path.join(root, "CCM", name)):
                for r in records:
                    p = {**header, **r}
                    key, nonce = p.get("Key"), p.get("Nonce")
                    alen, plen, tlen = int(p["Alen"]), int(p["Plen"]), int(p["Tlen"])
                    adata = p.get("Adata", "")
                    v = {"key": key, "nonce": nonce, "tlen": tlen,
                         "assoc": adata if alen else "", "ptext": "", "ctext": r["CT"]}
                    v["pass"] = p.get("Result", "Pass") == "Pass"
                    if v["pass"]:
                        v["ptext"] = p["Payload"] if plen else ""
                    if None in (key, nonce):
                        raise Bad(f"{name}: record without key or nonce: {r}")
                    vectors.append(v)
            out.append({"algorithm": "ccm(aes)", "table": f"CCM/{name}", "vectors": vectors})
    return {
        "source": f"NIST CAVP AES-XTS (XTSGen, tweak as 128-bit hex string) and AES-CCM "
        f"(SP 800-38C DVPT, VADT, VNT, VPT, VTT) response files ({version})",
        "suites": out,
    }


def write(path, data):
    # One vector per line: readable diffs when a kernel adds or changes one.
    with open(path, "w", encoding="ascii") as f:
        f.write("{\n")
        f.write(f'  "source": {json.dumps(data["source"])},\n')
        f.write('  "suites": [\n')
        for si, suite in enumerate(data["suites"]):
            head = {k: v for k, v in suite.items() if k != "vectors"}
            f.write("    {\n")
            for k, v in head.items():
                f.write(f"      {json.dumps(k)}: {json.dumps(v)},\n")
            f.write('      "vectors": [\n')
            for vi, vector in enumerate(suite["vectors"]):
                comma = "," if vi + 1 < len(suite["vectors"]) else ""
                f.write(f"        {json.dumps(vector, sort_keys=True)}{comma}\n")
            f.write("      ]\n")
            f.write("    }" + ("," if si + 1 < len(data["suites"]) else "") + "\n")
        f.write("  ]\n}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--linux", required=True, help="a Linux source tree (crypto/testmgr.[ch])")
    p.add_argument("--linux-version", required=True)
    p.add_argument("--cavp", required=True, help="directory with XTS/ and CCM/ CAVP .rsp files")
    p.add_argument("--cavp-version", required=True)
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../tests/data/kernel-vectors"))
    a = p.parse_args()
    try:
        kernel = linux(a.linux, a.linux_version)
        nist = cavp(a.cavp, a.cavp_version)
    except Bad as e:
        sys.exit(f"kernel-vectors: {e}")
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "linux-testmgr.json"), kernel)
    write(os.path.join(a.out, "nist-cavp.json"), nist)
    for data in (kernel, nist):
        for s in data["suites"]:
            print(f"{s['algorithm']:40} {s['table']:40} {len(s['vectors']):5}")


if __name__ == "__main__":
    main()
