#!/usr/bin/env bash
# Verifies a Cairn evidence bundle (docs/evidence-bundle.md) without Cairn: coreutils (sha256sum, base64, od,
# head, tail, cut, paste), OpenSSL 3 for Ed25519, and bash, grep and sed to read the files.
# Usage: bash verify-bundle.sh BUNDLE_DIR
# Prints one line per check; exits 0 when every check passed, 1 when one failed.
set -euo pipefail
bundle=${1:?usage: verify-bundle.sh BUNDLE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
hex2bin() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
b64hex() { printf '%s' "$1" | base64 -d | od -An -tx1 -v | tr -d ' \n'; }
# RFC 9162 §2.1.1: a leaf is SHA-256(0x00 || bytes), an interior node SHA-256(0x01 || left || right).
leaf() { (printf '\000'; printf '%s' "$1") | sha256sum | cut -c1-64; }
node() { (printf '\001'; hex2bin "$1"; hex2bin "$2") | sha256sum | cut -c1-64; }
manifest_number() { grep -o "\"$1\": [0-9]*" "$bundle/manifest.json" | head -n 1 | cut -d' ' -f2; }
manifest_string() { grep -o "\"$1\": \"[^\"]*\"" "$bundle/manifest.json" | head -n 1 | cut -d'"' -f4; }

# 1. Every file manifest.json lists has the stated SHA-256, and every checkpoint file is listed.
sed -n '/"files": {/,$p' "$bundle/manifest.json" | sed 1d |
  grep -o '"[^"]*": {$\|"sha256": "[0-9a-f]*"' |
  sed 's/^"\(.*\)": {$/\1/; s/^"sha256": "\([0-9a-f]*\)"$/\1/' | paste - - |
  while IFS=$'\t' read -r name sum; do printf '%s  %s\n' "$sum" "$name"; done > "$work/SHA256SUMS"
if [ -s "$work/SHA256SUMS" ] && (cd "$bundle" && sha256sum --quiet -c "$work/SHA256SUMS"); then
  pass "every file matches its SHA-256 in manifest.json"
else
  fail "a file is missing or does not match its SHA-256 in manifest.json"
fi
for file in "$bundle"/checkpoints/*.checkpoint; do
  grep -q "  checkpoints/${file##*/}\$" "$work/SHA256SUMS" || fail "checkpoints/${file##*/} is not listed in manifest.json"
done

# 2. Every checkpoint carries a valid Ed25519 signature by a key of verifier-keys.txt and names the origin
#    (C2SP signed-note: key ID = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key); the signed
#    message is the note text, the lines before the empty line).
origin=$(manifest_string origin)
signed_by_listed_key() {
  local note=$1 key name id
  sed '/^$/,$d' "$note" > "$work/body"
  while IFS= read -r key; do
    [ -n "$key" ] || continue
    name=$(printf '%s' "$key" | cut -d+ -f1)
    id=$(printf '%s' "$key" | cut -d+ -f2)
    printf '%s' "$key" | cut -d+ -f3- | base64 -d > "$work/vkey"
    [ "$( (printf '%s\n' "$name"; cat "$work/vkey") | sha256sum | cut -c1-8)" = "$id" ] || continue
    # RFC 8410 §4: DER SubjectPublicKeyInfo of an Ed25519 key = 302a300506032b6570032100 || 32 key bytes.
    (hex2bin 302a300506032b6570032100; tail -c 32 "$work/vkey") > "$work/pub.der"
    openssl pkey -pubin -inform DER -in "$work/pub.der" -out "$work/pub.pem" 2> /dev/null || continue
    while read -r _ signer sig; do
      [ "$signer" = "$name" ] || continue
      printf '%s' "$sig" | base64 -d > "$work/sigblob"
      [ "$(head -c 4 "$work/sigblob" | od -An -tx1 | tr -d ' \n')" = "$id" ] || continue
      tail -c 64 "$work/sigblob" > "$work/sig"
      if openssl pkeyutl -verify -pubin -inkey "$work/pub.pem" -rawin -in "$work/body" -sigfile "$work/sig" > /dev/null 2>&1; then
        echo "$name+$id"
        return 0
      fi
    done < <(grep "^— " "$note")
  done < "$bundle/verifier-keys.txt"
  return 1
}
for file in "$bundle"/checkpoints/*.checkpoint; do
  if key=$(signed_by_listed_key "$file"); then
    pass "checkpoints/${file##*/} is signed by $key"
  else
    fail "checkpoints/${file##*/} has no valid signature by a key of verifier-keys.txt"
  fi
  [ "$(head -n 1 "$file")" = "$origin" ] || fail "checkpoints/${file##*/} does not name the origin $origin"
done

# 3. The leaves, with the subtrees of proofs.json around them, rebuild the root of the manifest's checkpoint
#    (a compact range: push each hash, merge equal levels, then fold right to left: RFC 9162 §2.1.1).
checkpoint="$bundle/$(manifest_string checkpoint)"
size=$(sed -n 2p "$checkpoint")
root=$(b64hex "$(sed -n 3p "$checkpoint")")
: > "$work/left"
: > "$work/right"
: > "$work/consistency"
section='' level='' pair=''
while read -r token; do
  case $token in
    '"left"' | '"right"' | '"consistency"') section=${token//\"/} ;;
    '"level": '*) level=${token##* } ;;
    '"first": '*) [ -z "$pair" ] || echo "$pair" >> "$work/consistency"; pair=${token##* } ;;
    '"second": '*) pair="$pair ${token##* }" ;;
    *) if [ "$section" = consistency ]; then pair="$pair ${token//\"/}"; else echo "$level ${token//\"/}" >> "$work/$section"; fi ;;
  esac
done < <(grep -oE '"(left|right|consistency)"|"(level|first|second)": [0-9]+|"[0-9a-f]{64}"' "$bundle/proofs.json")
[ -z "$pair" ] || echo "$pair" >> "$work/consistency"
levels=()
hashes=()
push() {
  local level=$1 hash=$2
  while [ ${#levels[@]} -gt 0 ] && [ "${levels[-1]}" -eq "$level" ]; do
    hash=$(node "${hashes[-1]}" "$hash")
    unset 'levels[-1]' 'hashes[-1]'
    level=$((level + 1))
  done
  levels+=("$level")
  hashes+=("$hash")
}
while read -r l h; do push "$l" "$h"; done < "$work/left"
count=0
while IFS= read -r line; do
  push 0 "$(leaf "$line")"
  count=$((count + 1))
done < "$bundle/leaves.jsonl"
while read -r l h; do push "$l" "$h"; done < "$work/right"
[ "$count" -eq "$(manifest_number count)" ] || fail "leaves.jsonl has $count lines, manifest.json says $(manifest_number count)"
if [ ${#hashes[@]} -gt 0 ]; then
  r=${hashes[-1]}
  for ((i = ${#hashes[@]} - 2; i >= 0; i--)); do r=$(node "${hashes[i]}" "$r"); done
else
  r=$(printf '' | sha256sum | cut -c1-64)
fi
if [ "$r" = "$root" ] && [ "$size" -eq "$(manifest_number treeSize)" ]; then
  pass "the $count leaves rebuild the root of the checkpoint of size $size"
else
  fail "the leaves rebuild root $r, the checkpoint of size $size states $root"
fi

# 4. Each pair of successive checkpoints of different sizes is consistent: the log was only appended to
#    between them (RFC 9162 §2.1.4.2).
consistent() {
  local first=$1 second=$2 first_root=$3 second_root=$4
  shift 4
  local path=("$@")
  # Step 2: when first is an exact power of 2, the first tree's root is the first hash of the path.
  if [ $((first & (first - 1))) -eq 0 ]; then path=("$first_root" "${path[@]}"); fi
  [ ${#path[@]} -gt 0 ] || return 1
  local fn=$((first - 1)) sn=$((second - 1)) fr sr c
  while [ $((fn & 1)) -eq 1 ]; do fn=$((fn >> 1)); sn=$((sn >> 1)); done
  fr=${path[0]}
  sr=${path[0]}
  for c in "${path[@]:1}"; do
    [ "$sn" -ne 0 ] || return 1
    if [ $((fn & 1)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      fr=$(node "$c" "$fr")
      sr=$(node "$c" "$sr")
      if [ $((fn & 1)) -eq 0 ]; then
        while [ $((fn & 1)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn >> 1)); sn=$((sn >> 1)); done
      fi
    else
      sr=$(node "$sr" "$c")
    fi
    fn=$((fn >> 1))
    sn=$((sn >> 1))
  done
  [ "$sn" -eq 0 ] && [ "$fr" = "$first_root" ] && [ "$sr" = "$second_root" ]
}
previous_size=0 previous_root='' pairs=0
for file in "$bundle"/checkpoints/*.checkpoint; do
  this_size=$(sed -n 2p "$file")
  this_root=$(b64hex "$(sed -n 3p "$file")")
  if [ "$previous_size" -gt 0 ] && [ "$this_size" -gt "$previous_size" ]; then
    proof=$(grep "^$previous_size $this_size " "$work/consistency" | head -n 1 | cut -d' ' -f3-) || true
    # shellcheck disable=SC2086 # the proof is a space-separated list of hashes
    if consistent "$previous_size" "$this_size" "$previous_root" "$this_root" $proof; then
      pairs=$((pairs + 1))
    else
      fail "checkpoints of size $previous_size and $this_size are not consistent"
    fi
  elif [ "$this_size" -eq "$previous_size" ] && [ "$this_size" -gt 0 ] && [ "$this_root" != "$previous_root" ]; then
    fail "checkpoint ${file##*/} states another root for the same size $this_size: the log forked"
  elif [ "$this_size" -lt "$previous_size" ]; then
    fail "checkpoint ${file##*/} has size $this_size, smaller than the one before it"
  fi
  if [ "$this_size" -gt 0 ]; then previous_size=$this_size previous_root=$this_root; fi
done
pass "$pairs consistency proofs between successive checkpoints checked"

if [ "$failures" -eq 0 ]; then
  echo "OK: the bundle of $count entries is what the log $origin committed to at size $size"
  exit 0
fi
echo "NOT VERIFIED: $failures checks failed"
exit 1
