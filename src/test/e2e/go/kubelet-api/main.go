// kubelet-api serves, for the e2e harness's stand-in node, the two things a real node gives a cluster that the
// harness's Java fake kubelet cannot:
//
//   - the kubelet's port-forward endpoint, /portForward/{namespace}/{pod}, over TLS: kube-apiserver sends
//     pods/portforward there (the node's address and status.daemonEndpoints.kubeletEndpoint.Port). The streams are
//     handled by the kubelet's own streaming code (k8s.io/kubelet/pkg/cri/streaming/portforward); each forwarded
//     connection is dialled to the pod's status.podIP, which is an address on the harness's bridge because a real
//     process backs the pod in its own network namespace there.
//   - the kubernetes Service's port (443) for names that pods reach through it, as kube-proxy would: each --relay
//     listen=target copies TCP connections to the apiserver's real port.
//
// Usage:
//
//	kubelet-api --kubeconfig admin.kubeconfig --listen 10.213.0.1:10250 [--relay 10.213.0.2:443=10.213.0.1:6443]
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// relays collects the repeated --relay flag.
type relays []string

func (r *relays) String() string { return strings.Join(*r, ",") }

func (r *relays) Set(value string) error {
	if _, _, err := splitRelay(value); err != nil {
		return err
	}
	*r = append(*r, value)
	return nil
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster whose pods are forwarded to (reads pods)")
	listen := flag.String("listen", "", "host:port of the kubelet API (TLS with a self-signed certificate)")
	var relayFlags relays
	flag.Var(&relayFlags, "relay", "listen=target: copy TCP connections accepted on listen to target (repeatable)")
	flag.Parse()
	if *kubeconfig == "" || *listen == "" {
		flag.Usage()
		os.Exit(2)
	}

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("reading %s: %v", *kubeconfig, err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		log.Fatalf("client for %s: %v", config.Host, err)
	}
	podIPs := func(ctx context.Context, namespace, name string) (string, error) {
		pod, err := client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return "", err
		}
		return pod.Status.PodIP, nil
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	for _, relay := range relayFlags {
		from, to, _ := splitRelay(relay)
		listener, err := net.Listen("tcp", from)
		if err != nil {
			log.Fatalf("relay %s: %v", relay, err)
		}
		log.Printf("relaying %s to %s", from, to)
		go serveRelay(ctx, listener, to)
	}

	cert, err := selfSignedCertificate(*listen, time.Now())
	if err != nil {
		log.Fatalf("serving certificate: %v", err)
	}
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen %s: %v", *listen, err)
	}
	server := &http.Server{
		Handler:           newHandler(podIPs, &net.Dialer{Timeout: 10 * time.Second}),
		ReadHeaderTimeout: 30 * time.Second,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		// The streams are SPDY over an HTTP/1.1 upgrade: HTTP/2 must not be negotiated.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	go func() {
		<-ctx.Done()
		_ = server.Close()
	}()
	log.Printf("serving the kubelet API (port-forward) on https://%s", *listen)
	if err := server.ServeTLS(listener, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("serving %s: %v", *listen, err)
	}
}

// splitRelay parses listen=target, both host:port.
func splitRelay(value string) (string, string, error) {
	from, to, ok := strings.Cut(value, "=")
	if !ok {
		return "", "", fmt.Errorf("relay %q: expected listen=target", value)
	}
	for _, address := range []string{from, to} {
		if _, _, err := net.SplitHostPort(address); err != nil {
			return "", "", fmt.Errorf("relay %q: %v", value, err)
		}
	}
	return from, to, nil
}
