// kstatus prints what sigs.k8s.io/cli-utils' kstatus (the library Flux and other GitOps tools use to
// judge a resource's health) computes for one object read as JSON from stdin, e.g.
//
//	kubectl get ocmhub hub -o json | kstatus
//
// Output: one JSON line {"status": "InProgress|Current|Failed|...", "message": "..."}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	// The unstructured decoder keeps integers int64, as kstatus' accessors expect (encoding/json would make
	// metadata.generation a float64).
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(raw); err != nil {
		fail("stdin is not one Kubernetes object as JSON: %v", err)
	}
	result, err := status.Compute(obj)
	if err != nil {
		fail("%v", err)
	}
	out, _ := json.Marshal(map[string]string{"status": result.Status.String(), "message": result.Message})
	fmt.Println(string(out))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kstatus: "+format+"\n", args...)
	os.Exit(2)
}
