{{/* Labels of every object: deploy/base's two, plus Helm's own. */}}
{{- define "vela-ocm-hub-operator.labels" -}}
app.kubernetes.io/name: vela-ocm-hub-operator
app.kubernetes.io/part-of: vela-ocm-hub
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* The operator image: repository:tag, or repository@sha256:... for a digest. */}}
{{- define "vela-ocm-hub-operator.image" -}}
{{- if hasPrefix "sha256:" .Values.image.tag -}}
{{ .Values.image.repository }}@{{ .Values.image.tag }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end }}
{{- end }}

{{/* The container's security settings, shared by the operator and the uninstall hook. */}}
{{- define "vela-ocm-hub-operator.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}
