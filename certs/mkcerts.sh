#!/bin/sh
# Make throwaway test material under certs/out (or $1).  Never commit it.
# Idempotent: does nothing when the material is newer than this script.
#
#   ca.pem                  test root CA (EC P-256); inter.pem intermediate
#   ec-cert.pem ec-key.pem  P-256 leaf for localhost, key in SEC1
#   ec-chain.pem            leaf + intermediate
#   ec-key-pkcs8.pem        same key, PKCS#8
#   ec-combined.pem         chain + key in one file
#   ec2-*                   a second P-256 leaf (certificate swap tests)
#   p384-*, p521-*          P-384 and P-521 leaves (SEC1 keys)
#   rsa-cert.pem rsa-key.pem rsa-chain.pem   RSA-2048 leaf, key in PKCS#1
#   rsa-key-pkcs8.pem       same key, PKCS#8; rsa4096-* a 4096-bit leaf
#   expired-cert.pem expired-key.pem         leaf that expired in 2021
#   mismatch-key.pem        a P-256 key that matches no certificate
#   ec-key-enc.pem          ec-key encrypted with passphrase "secret"
#   dsa-*                   a DSA key and certificate (unsupported key type)
#   ec-wrongchain.pem       ec leaf followed by the root, not its issuer
#   client-*                client certificate (clientAuth) from the test CA
#   client-expired-*, client-usage-* (keyEncipherment only),
#   client-otherca-* (from other-ca.pem), client-self-* (self-signed)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
stamp=$out/.stamp
if [ -f "$stamp" ] && [ "$stamp" -nt "$0" ]; then
	echo "$out"
	exit 0
fi
command -v openssl >/dev/null || { echo "mkcerts: openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
rm -f ./*.pem ./*.srl ./*.cnf ./*.csr ./*.idx* ./*.txt "$stamp"
umask 077

cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[client_usage]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = clientAuth
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:*.localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.invalid/test.crl
authorityInfoAccess = OCSP;URI:http://ocsp.invalid/
CNF

eckey() { openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$1.p8" 2>/dev/null
	  openssl ec -in "$1.p8" -out "$1" 2>/dev/null; rm -f "$1.p8"; }
rsakey() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1.p8" 2>/dev/null
	   openssl rsa -traditional -in "$1.p8" -out "$1" 2>/dev/null; rm -f "$1.p8"; }
# sign KEY CN OUT ISSUERCERT ISSUERKEY EXT DAYS [SAN]
sign() {
	openssl req -new -key "$1" -subj "/O=tlswrap test/CN=$2" -out req.csr
	openssl x509 -req -in req.csr -CA "$4" -CAkey "$5" -CAcreateserial \
		-extfile ext.cnf -extensions "$6" -days "$7" -sha256 -out "$3" 2>/dev/null
	rm -f req.csr
}
leaf() { # name keytype param
	case $2 in ec) eckey "$1-key.pem" "$3" ;; rsa) rsakey "$1-key.pem" "$3" ;; esac
	sign "$1-key.pem" localhost "$1-cert.pem" inter.pem inter-key.pem leaf 90
	cat "$1-cert.pem" inter.pem > "$1-chain.pem"
}

eckey ca-key.pem P-256
openssl req -new -x509 -key ca-key.pem -subj "/O=tlswrap test/CN=tlswrap test CA" \
	-days 365 -sha256 -extensions ca -config ext.cnf -out ca.pem 2>/dev/null ||
openssl req -new -x509 -key ca-key.pem -subj "/O=tlswrap test/CN=tlswrap test CA" \
	-days 365 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
eckey inter-key.pem P-256
sign inter-key.pem "tlswrap test intermediate" inter.pem ca.pem ca-key.pem ca 365

leaf ec ec P-256
leaf ec2 ec P-256
leaf p384 ec P-384
leaf p521 ec P-521
leaf rsa rsa 2048
leaf rsa4096 rsa 4096
openssl pkcs8 -topk8 -nocrypt -in ec-key.pem -out ec-key-pkcs8.pem
openssl pkcs8 -topk8 -nocrypt -in rsa-key.pem -out rsa-key-pkcs8.pem
cat ec-chain.pem ec-key.pem > ec-combined.pem
cat ec2-chain.pem ec2-key.pem > ec2-combined.pem
cat rsa-chain.pem rsa-key.pem > rsa-combined.pem
cat ec-cert.pem ca.pem > ec-wrongchain.pem
eckey mismatch-key.pem P-256
openssl ec -in ec-key.pem -aes128 -passout pass:secret -out ec-key-enc.pem 2>/dev/null

# expired NAME SUBJECT EXTENSIONS: a P-256 leaf valid in 2020 only, signed
# by the intermediate with fixed dates (openssl ca; x509 -req cannot).
expired() {
	eckey "$1-key.pem" P-256
	openssl req -new -key "$1-key.pem" -subj "$2" -out req.csr
	mkdir -p ca.d; : > ca.d/index.txt; echo 1000 > ca.d/serial
	cat > ca.cnf <<CNF
[ca]
default_ca = t
[t]
database = ca.d/index.txt
new_certs_dir = ca.d
serial = ca.d/serial
default_md = sha256
policy = p
[p]
commonName = supplied
organizationName = optional
CNF
	openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter-key.pem \
		-startdate 20200101000000Z -enddate 20210101000000Z \
		-extfile ext.cnf -extensions "$3" -in req.csr -out "$1-cert.pem" >/dev/null 2>&1
	openssl x509 -in "$1-cert.pem" -out "$1-cert.pem"
	rm -rf ca.d ca.cnf req.csr
}
expired expired "/O=tlswrap test/CN=localhost" leaf

# Client certificates, each with its key in one combined file as well.
client() { # name ext issuer-cert issuer-key [days]
	eckey "$1-key.pem" P-256
	openssl req -new -key "$1-key.pem" -subj "/O=tlswrap test/OU=clients/CN=$1" -out req.csr
	openssl x509 -req -in req.csr -CA "$3" -CAkey "$4" -CAcreateserial \
		-extfile ext.cnf -extensions "$2" -days "${5:-30}" -sha256 -out "$1-cert.pem" 2>/dev/null
	rm -f req.csr
}
client client client inter.pem inter-key.pem
cat client-cert.pem inter.pem > client-chain.pem
client client-usage client_usage inter.pem inter-key.pem
eckey other-ca-key.pem P-256
openssl req -new -x509 -key other-ca-key.pem -subj "/O=elsewhere/CN=other CA" -days 30 \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out other-ca.pem
client client-otherca client other-ca.pem other-ca-key.pem
eckey client-self-key.pem P-256
openssl req -new -x509 -key client-self-key.pem -subj "/CN=client-self" -days 30 -out client-self-cert.pem
expired client-expired "/O=tlswrap test/CN=client-expired" client

openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsa.param 2>/dev/null
openssl genpkey -paramfile dsa.param -out dsa-key.pem 2>/dev/null
openssl req -new -x509 -key dsa-key.pem -subj "/CN=localhost" -days 30 -out dsa-cert.pem 2>/dev/null
rm -f dsa.param ./*.srl

chmod 644 ./*.pem
touch "$stamp"
echo "$out"
