{{- define "sidecarscope.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sidecarscope.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sidecarscope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sidecarscope.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sidecarscope.labels" -}}
{{ include "sidecarscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: sidecarscope
{{- end -}}

{{- define "sidecarscope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sidecarscope.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sidecarscope.authSecretName" -}}
{{- default (printf "%s-auth" (include "sidecarscope.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{/* The base path without a trailing slash; "" or "/x[/y]". */}}
{{- define "sidecarscope.basePath" -}}
{{- $p := trimSuffix "/" (default "" .Values.basePath) -}}
{{- if and $p (not (hasPrefix "/" $p)) -}}
{{- fail "basePath must start with / (e.g. /sidecars)" -}}
{{- end -}}
{{- $p -}}
{{- end -}}

{{/* Read-only access to pods and their events, and pod metrics: nothing else. */}}
{{- define "sidecarscope.rules" -}}
- apiGroups: [""]
  resources: ["pods", "events"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["metrics.k8s.io"]
  resources: ["pods"]
  verbs: ["get", "list"]
{{- if .Values.logs.enabled }}
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
{{- end }}
{{- end -}}
