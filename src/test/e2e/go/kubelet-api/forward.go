package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/kubelet/pkg/cri/streaming/portforward"
)

const (
	// The kubelet's defaults: --streaming-connection-idle-timeout and remotecommand's DefaultStreamCreationTimeout.
	idleTimeout           = 4 * time.Hour
	streamCreationTimeout = 30 * time.Second
)

// podIPLookup answers a pod's status.podIP ("" when it has none).
type podIPLookup func(ctx context.Context, namespace, name string) (string, error)

// dialer is what net.Dialer offers; tests dial elsewhere.
type dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// newHandler serves the kubelet's port-forward paths, /portForward/{namespace}/{pod} and the form with the pod's
// UID after it, and /healthz.
func newHandler(podIPs podIPLookup, dial dialer) http.Handler {
	mux := http.NewServeMux()
	forward := func(w http.ResponseWriter, req *http.Request) {
		namespace, name := req.PathValue("namespace"), req.PathValue("pod")
		options, err := portforward.NewV4Options(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		log.Printf("port-forward to pod %s/%s from %s", namespace, name, req.RemoteAddr)
		forwarder := podForwarder{namespace: namespace, podIPs: podIPs, dial: dial}
		portforward.ServePortForward(w, req, forwarder, name, types.UID(req.PathValue("uid")), options,
			idleTimeout, streamCreationTimeout, portforward.SupportedProtocols)
	}
	mux.HandleFunc("/portForward/{namespace}/{pod}", forward)
	mux.HandleFunc("/portForward/{namespace}/{pod}/{uid}", forward)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	})
	return mux
}

// podForwarder connects each forwarded stream to a port of one namespace's pod, at the pod's IP.
type podForwarder struct {
	namespace string
	podIPs    podIPLookup
	dial      dialer
}

func (f podForwarder) PortForward(ctx context.Context, name string, _ types.UID, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	ip, err := f.podIPs(ctx, f.namespace, name)
	if err != nil {
		return fmt.Errorf("pod %s/%s: %w", f.namespace, name, err)
	}
	if ip == "" {
		return fmt.Errorf("pod %s/%s has no IP: no process backs it", f.namespace, name)
	}
	address := net.JoinHostPort(ip, strconv.Itoa(int(port)))
	conn, err := f.dial.DialContext(ctx, "tcp", address)
	if err != nil {
		return fmt.Errorf("pod %s/%s port %d: %w", f.namespace, name, port, err)
	}
	defer conn.Close()
	return splice(ctx, conn, stream)
}

// splice copies both ways until either side ends (or ctx does), as container runtimes forward a pod's port: a
// stream whose peer is gone must not keep the other side open.
func splice(ctx context.Context, a, b io.ReadWriter) error {
	done := make(chan error, 2)
	go func() {
		_, err := io.Copy(a, b)
		done <- err
	}()
	go func() {
		_, err := io.Copy(b, a)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return nil
	}
}

// serveRelay copies every connection accepted on listener to target until ctx ends.
func serveRelay(ctx context.Context, listener net.Listener, target string) {
	go func() {
		<-ctx.Done()
		_ = listener.Close()
	}()
	var dial net.Dialer
	for {
		conn, err := listener.Accept()
		if err != nil {
			if ctx.Err() == nil {
				log.Printf("relay %s: %v", listener.Addr(), err)
			}
			return
		}
		go func() {
			defer conn.Close()
			upstream, err := dial.DialContext(ctx, "tcp", target)
			if err != nil {
				log.Printf("relay %s to %s: %v", listener.Addr(), target, err)
				return
			}
			defer upstream.Close()
			_ = splice(ctx, conn, upstream)
		}()
	}
}

// selfSignedCertificate is a serving certificate for host (of host:port): kube-apiserver verifies no kubelet
// certificate when it has no --kubelet-certificate-authority.
func selfSignedCertificate(hostPort string, now time.Time) (tls.Certificate, error) {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "e2e-node kubelet"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		template.IPAddresses = []net.IP{ip}
	} else {
		template.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
