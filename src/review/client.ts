/**
 * The review page's script, served as /_review/review.js (the page's CSP
 * admits scripts from 'self' plus the report's own inline script by hash).
 * It wires the panels the server rendered: the slider switches a clip class,
 * blink toggles the hidden attribute, accept POSTs JSON to the same origin.
 * It writes text only (textContent, createElement): nothing from run.json or
 * the server becomes markup, and no style attribute is ever set.
 */
export const REVIEW_SCRIPT = `
(function(){
"use strict";
var status=document.getElementById("review-status");
function say(text){status.textContent=text;}
function request(method,url,body){
var init={method:method,headers:{}};
if(body!==undefined){init.headers["content-type"]="application/json";init.body=JSON.stringify(body);}
return fetch(url,init).then(function(r){return r.json().then(function(data){
if(!r.ok)throw new Error(data&&data.error?data.error:"HTTP "+r.status);return data;});});}
function slider(panel){
var range=panel.querySelector(".rv-range"),over=panel.querySelector(".rv-over"),current="rv-clip-50";
if(!range||!over)return;
range.addEventListener("input",function(){var v=Math.max(0,Math.min(100,Math.round(Number(range.value))));
over.classList.remove(current);current="rv-clip-"+v;over.classList.add(current);});}
function blink(panel){
var exp=panel.querySelector(".rv-b-expected"),act=panel.querySelector(".rv-b-actual"),
button=panel.querySelector(".rv-pause"),label=panel.querySelector(".rv-b-label"),timer=null;
if(!exp||!act||!button)return;
function flip(){var showActual=act.hidden;act.hidden=!showActual;exp.hidden=showActual;label.textContent=showActual?"actual":"expected";}
function play(){timer=setInterval(flip,500);button.textContent="pause";}
button.addEventListener("click",function(){if(timer!==null){clearInterval(timer);timer=null;button.textContent="play";}else{play();}});
play();}
function mark(changes){
var panels=document.querySelectorAll(".rv-panel");
for(var i=0;i<panels.length;i++){var p=panels[i];
for(var j=0;j<changes.length;j++){var c=changes[j];
if(c.caseId===p.getAttribute("data-case")&&c.image===p.getAttribute("data-image")&&c.accepted){
p.classList.add("rv-accepted");var st=p.querySelector(".rv-state");if(st)st.textContent="accepted";
var b=p.querySelector(".rv-accept");if(b)b.disabled=true;}}}}
function list(accepted){
var ul=document.getElementById("accepted-list"),git=document.getElementById("accepted-git"),
empty=document.getElementById("accepted-empty");
ul.textContent="";
accepted.files.forEach(function(f){var li=document.createElement("li"),code=document.createElement("code");
code.textContent=f.baseline;li.appendChild(code);li.appendChild(document.createTextNode(" \\u2190 "+f.caseId+" \\u00b7 "+f.image));ul.appendChild(li);});
empty.hidden=accepted.files.length>0;git.hidden=accepted.gitAdd==="";git.textContent=accepted.gitAdd;}
function refresh(){
return Promise.all([request("GET","/_review/api/changes"),request("GET","/_review/api/accepted")])
.then(function(r){mark(r[0]);list(r[1]);});}
function accept(body){say("");return request("POST","/_review/api/accept",body).then(refresh)
.then(function(){say("");},function(e){say("not accepted: "+e.message);});}
function wire(panel){
slider(panel);blink(panel);
var one=panel.querySelector(".rv-accept"),all=panel.querySelector(".rv-accept-all");
if(one)one.addEventListener("click",function(){accept({caseId:panel.getAttribute("data-case"),image:panel.getAttribute("data-image")});});
if(all)all.addEventListener("click",function(){accept({group:all.getAttribute("data-group")});});}
var panels=document.querySelectorAll(".rv-panel");
for(var i=0;i<panels.length;i++)wire(panels[i]);
refresh().catch(function(e){say("review server unreachable: "+e.message);});
})();
`;
