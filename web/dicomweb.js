// DICOMweb source: the browser queries (QIDO-RS) and retrieves (WADO-RS)
// from the site's own server directly, with dicomweb-client (npm). Nothing
// goes through limn-server, which only lists the server's origin in its
// CSP (--dicomweb-origin). Credentials stay in this tab's memory.
'use strict';

(() => {
  const tag = (dataset, t) => {
    const element = dataset[t];
    if (!element || !element.Value || !element.Value.length) return '';
    const v = element.Value[0];
    return typeof v === 'object' && v !== null ? (v.Alphabetic || '') : String(v);
  };

  let client = null;
  let lastUrl = '';

  function connect({ url, username = '', password = '', token = '' }) {
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    else if (username) headers.Authorization = 'Basic ' + btoa(username + ':' + password);
    client = new DICOMwebClient.api.DICOMwebClient({ url: url.replace(/\/+$/, ''), headers, verbose: false });
    lastUrl = url;
  }

  function need() {
    if (!client) throw new Error('no DICOMweb server: connect first');
    return client;
  }

  // A failed XHR carries its status; turn it into words a user can act on.
  function explain(error) {
    const status = error && (error.status || (error.request && error.request.status));
    if (status === 401 || status === 403) return `the server refused the credentials (HTTP ${status})`;
    if (status) return `the server answered HTTP ${status}`;
    return `cannot reach ${lastUrl} (offline, wrong address, or the server does not allow this origin: CORS)`;
  }

  async function searchStudies(query = {}) {
    const queryParams = { limit: String(query.limit || 100), includefield: 'ModalitiesInStudy,NumberOfStudyRelatedSeries' };
    if (query.patientName) queryParams.PatientName = query.patientName;
    if (query.patientId) queryParams.PatientID = query.patientId;
    if (query.studyDate) queryParams.StudyDate = query.studyDate;
    if (query.accession) queryParams.AccessionNumber = query.accession;
    const studies = await need().searchForStudies({ queryParams });
    return studies.map((s) => ({
      study: tag(s, '0020000D'), date: tag(s, '00080020'), description: tag(s, '00081030'),
      patient: tag(s, '00100010'), patientId: tag(s, '00100020'),
      modalities: ((s['00080061'] && s['00080061'].Value) || []).join('/'),
      series: Number(tag(s, '00201206')) || 0,
    }));
  }

  async function searchSeries(study) {
    const series = await need().searchForSeries({ studyInstanceUID: study });
    return series.map((s) => ({
      series: tag(s, '0020000E'), modality: tag(s, '00080060'), description: tag(s, '0008103E'),
      number: Number(tag(s, '00200011')) || 0, instances: Number(tag(s, '00201209')) || 0,
    })).sort((a, b) => a.number - b.number);
  }

  // Retrieves every instance of a series (multipart/related) and opens them
  // as one load, like files dropped on the page.
  async function openSeries(study, series, onProgress = () => {}) {
    const parts = await need().retrieveSeries({
      studyInstanceUID: study, seriesInstanceUID: series,
      request: { progressCallback: (e) => onProgress(e.loaded || 0) },
    });
    const files = parts.map((bytes, i) => new File([bytes], `dicomweb/${series}/${i + 1}.dcm`));
    return window.limn.openFiles(files);
  }

  // Retrieves every instance of a study and de-identifies them in this tab
  // (web/deid.js): only de-identified bytes ever reach the person's disk.
  async function deidentifyStudy(study, settings, onProgress = () => {}) {
    const parts = await need().retrieveStudy({
      studyInstanceUID: study,
      request: { progressCallback: (e) => onProgress(e.loaded || 0) },
    });
    const files = parts.map((bytes, i) => new File([bytes], `dicomweb/${i + 1}.dcm`));
    return window.limn.deid.run(files, settings, 'DICOMweb study');
  }

  // Requests from the app's DICOMweb panel (C++), answered through
  // limn_dicomweb_result with the same "op".
  async function handle(request) {
    const reply = (body) => Module.ccall('limn_dicomweb_result', null, ['string'],
      [JSON.stringify({ op: request.op, ...body })]);
    try {
      if (request.op === 'search_studies') {
        connect(request);
        reply({ ok: true, studies: await searchStudies(request.query || {}) });
      } else if (request.op === 'search_series') {
        reply({ ok: true, series: await searchSeries(request.study) });
      } else if (request.op === 'open_series') {
        const opened = await openSeries(request.study, request.series,
          (bytes) => Module.ccall('limn_dicomweb_result', null, ['string'],
            [JSON.stringify({ op: 'progress', bytes })]));
        reply({ ok: opened.ok, files: opened.files, error: opened.ok ? '' : 'no image in this series' });
      } else if (request.op === 'deid_study') {
        const summary = await deidentifyStudy(request.study, request.settings,
          (bytes) => Module.ccall('limn_dicomweb_result', null, ['string'],
            [JSON.stringify({ op: 'progress', bytes })]));
        reply({ ok: true, files: summary.total });
      }
    } catch (error) {
      reply({ ok: false, error: explain(error) });
    }
  }

  window.limn.dicomweb = { connect, searchStudies, searchSeries, openSeries, deidentifyStudy, handle };
})();
