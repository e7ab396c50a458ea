{{/* The chart's name, for the app.kubernetes.io/name label. */}}
{{- define "hijackwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, used for every object it creates (at most 63 characters, a DNS label). */}}
{{- define "hijackwatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "hijackwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The image tag the pods run: the chart's appVersion unless the values name one. */}}
{{- define "hijackwatch.version" -}}
{{- default .Chart.AppVersion .Values.image.tag | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The standard labels on every object. */}}
{{- define "hijackwatch.labels" -}}
helm.sh/chart: {{ include "hijackwatch.chart" . }}
{{ include "hijackwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ include "hijackwatch.version" . | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: hijackwatch
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The labels that select the pods; they never change for a release, since a Deployment's selector cannot. */}}
{{- define "hijackwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hijackwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The service account the pods run as. */}}
{{- define "hijackwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hijackwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference, by digest when one is given. */}}
{{- define "hijackwatch.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}
