package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/portforward"
	"k8s.io/client-go/transport/spdy"
)

// echoServer answers each line it reads with "echo: <line>", on 127.0.0.1.
func echoServer(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				lines := bufio.NewScanner(conn)
				for lines.Scan() {
					fmt.Fprintf(conn, "echo: %s\n", lines.Text())
				}
			}()
		}
	}()
	return listener.Addr().(*net.TCPAddr).Port
}

// forwardThrough runs client-go's port-forward client (what kubectl port-forward and cluster-proxy's agent use)
// against the kubelet API at server for pod ns/name, and returns the local port it listens on.
func forwardThrough(t *testing.T, server *httptest.Server, path string, podPort int, errOut io.Writer) int {
	t.Helper()
	transport, upgrader, err := spdy.RoundTripperFor(&rest.Config{Host: server.URL,
		TLSClientConfig: rest.TLSClientConfig{Insecure: true}})
	if err != nil {
		t.Fatal(err)
	}
	target, _ := url.Parse(server.URL + path)
	dial := spdy.NewDialer(upgrader, &http.Client{Transport: transport}, http.MethodPost, target)
	stop, ready := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(stop) })
	forwarder, err := portforward.NewOnAddresses(dial, []string{"127.0.0.1"}, []string{fmt.Sprintf("0:%d", podPort)},
		stop, ready, io.Discard, errOut)
	if err != nil {
		t.Fatal(err)
	}
	failed := make(chan error, 1)
	go func() { failed <- forwarder.ForwardPorts() }()
	select {
	case <-ready:
	case err := <-failed:
		t.Fatalf("expected the port-forward to start, got %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("expected the port-forward to start within 20 s")
	}
	ports, err := forwarder.GetPorts()
	if err != nil {
		t.Fatal(err)
	}
	return int(ports[0].Local)
}

func TestForwardsToThePodIPAndPort(t *testing.T) {
	podPort := echoServer(t)
	asked := make(chan string, 10)
	lookup := func(_ context.Context, namespace, name string) (string, error) {
		asked <- namespace + "/" + name
		return "127.0.0.1", nil
	}
	server := httptest.NewTLSServer(newHandler(lookup, &net.Dialer{}))
	defer server.Close()

	local := forwardThrough(t, server, "/portForward/open-cluster-management-addon/proxy-server-0", podPort, io.Discard)
	// Two connections over one forwarding session, as the proxy-agent's tunnel makes.
	for i := 0; i < 2; i++ {
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", local))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "hello %d\n", i)
		answer, err := bufio.NewReader(conn).ReadString('\n')
		conn.Close()
		if want := fmt.Sprintf("echo: hello %d\n", i); err != nil || answer != want {
			t.Fatalf("expected %q through the forward, got %q (%v)", want, answer, err)
		}
	}
	for i := 0; i < 2; i++ {
		if pod := <-asked; pod != "open-cluster-management-addon/proxy-server-0" {
			t.Fatalf("expected each connection to look up open-cluster-management-addon/proxy-server-0, got %s", pod)
		}
	}
}

func TestReportsAPodWithoutIP(t *testing.T) {
	lookup := func(context.Context, string, string) (string, error) { return "", nil }
	server := httptest.NewTLSServer(newHandler(lookup, &net.Dialer{}))
	defer server.Close()

	var errOut strings.Builder
	local := forwardThrough(t, server, "/portForward/ns/idle", 8091, &errOut)
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", local))
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	// The forward fails for this connection: the kubelet API closes its stream, and the client the local one.
	data, err := io.ReadAll(conn)
	conn.Close()
	if err != nil || len(data) != 0 {
		t.Fatalf("expected the connection to a pod without IP closed without data, got %q (%v)", data, err)
	}
}

func TestRelaysToTarget(t *testing.T) {
	target := echoServer(t)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go serveRelay(ctx, listener, fmt.Sprintf("127.0.0.1:%d", target))

	conn, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintln(conn, "through the relay")
	answer, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || answer != "echo: through the relay\n" {
		t.Fatalf("expected the target's echo, got %q (%v)", answer, err)
	}
}

func TestRejectsARelayWithoutTarget(t *testing.T) {
	var flags relays
	if err := flags.Set("10.213.0.2:443"); err == nil {
		t.Fatal("expected listen without =target to be refused")
	}
	if err := flags.Set("10.213.0.2:443=10.213.0.1:6443"); err != nil || len(flags) != 1 {
		t.Fatalf("expected listen=target to be taken, got %v %v", err, flags)
	}
}
