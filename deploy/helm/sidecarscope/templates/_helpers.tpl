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

{{/* "existing", "value", "generate", "manual" (a Secret you create) or "none" (auth.disabled). */}}
{{- define "sidecarscope.authSource" -}}
{{- if .Values.auth.disabled -}}none
{{- else if .Values.auth.existingSecret -}}existing
{{- else if .Values.auth.token -}}value
{{- else if .Values.auth.generateToken -}}generate
{{- else -}}manual
{{- end -}}
{{- end -}}

{{/* Host names the server answers to without a token: the Service's DNS names, the ingress host, allowedHosts. */}}
{{- define "sidecarscope.allowedHosts" -}}
{{- $svc := include "sidecarscope.fullname" . -}}
{{- $ns := .Release.Namespace -}}
{{- $hosts := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) -}}
{{- if and .Values.ingress.enabled .Values.ingress.host -}}
{{- $hosts = append $hosts .Values.ingress.host -}}
{{- end -}}
{{- join "," (concat $hosts .Values.auth.allowedHosts) -}}
{{- end -}}
